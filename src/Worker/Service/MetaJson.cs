using System.Text.Json.Nodes;
using EdgeLstm.Messaging.Payload;
using EdgeLstm.Predictor.Model;

namespace EdgeLstm.Worker.Service;

/// <summary>
/// The retained meta topic: what a subscriber needs to interpret predictions (model, rates,
/// horizon, features, schema) without asking the robot.
/// </summary>
public static class MetaJson
{
    /// <summary>Version of schemas/prediction.schema.json this worker writes.</summary>
    public const int SchemaVersion = 1;

    public const string SchemaId = "urn:edge-lstm:schema:prediction:1";

    public static string Create(ModelConfig model, string modelFile, string robotId, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        var features = new JsonArray();
        foreach (var feature in model.Features)
        {
            features.Add((JsonNode)feature.Name);
        }

        var meta = new JsonObject
        {
            ["schema_version"] = SchemaVersion,
            ["schema"] = SchemaId,
            ["robot"] = robotId,
            ["model"] = model.Name,
            ["model_file"] = Path.GetFileName(modelFile),
            ["quantisation"] = model.Quantisation.ToString().ToLowerInvariant(),
            ["hidden_size"] = model.HiddenSize,
            ["input_size"] = model.InputSize,
            ["frame_rate_hz"] = model.FrameRateHz,
            ["prediction_rate_hz"] = model.FrameRateHz,
            ["step_s"] = model.StepSeconds,
            ["horizon_steps"] = model.HorizonSteps,
            ["horizon_s"] = model.HorizonSeconds,
            ["features"] = features,
            ["frame"] = PredictionMessage.OdometryFrame,
            ["source"] = source,
            ["uncertainty"] = model.Uncertainty is { } u ? u.Method.ToString().ToLowerInvariant() : "none",
        };
        return meta.ToJsonString();
    }
}
