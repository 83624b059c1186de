namespace EdgeLstm.Messaging.Options;

/// <summary>The three topics of one robot, computed once from prefix and robot id.</summary>
public sealed record MqttTopics(string Prediction, string Status, string Meta)
{
    public const string PredictionLevel = "prediction";
    public const string StatusLevel = "status";
    public const string MetaLevel = "meta";

    public static MqttTopics For(string prefix, string robotId) => new(
        $"{prefix}/{robotId}/{PredictionLevel}",
        $"{prefix}/{robotId}/{StatusLevel}",
        $"{prefix}/{robotId}/{MetaLevel}");
}
