using EdgeLstm.Predictor.Features;
using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Tools.Training;


namespace EdgeLstm.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The model the tests run: the bundled models/default.elstm when it has been built, else a
/// randomly initialised model of the default shape (H = 64, 50 Hz, 20 × 0.1 s). The worker's
/// behaviour does not depend on how good the predictions are, only on the shape and speed.
/// </summary>
internal static class TestModels
{
    private static readonly Lazy<string> PathLazy = new(Locate);

    public static string Path => PathLazy.Value;

    /// <summary>
    /// The test model with a constant per-step uncertainty (σ = 5 cm per 0.1 s of horizon along and
    /// across the path, 0.02 rad in yaw), saved to <paramref name="path"/>: a model that publishes spread.
    /// </summary>
    public static string WithConstantSpread(string path)
    {
        var model = ModelLoader.LoadFloat(Path);
        var steps = model.Config.HorizonSteps;
        var theta = new float[steps * UncertaintyModel.Axes * UncertaintyModel.Inputs];
        for (var k = 0; k < steps; k++)
        {
            theta[UncertaintyModel.Coefficient(k, UncertaintyModel.Along, 0)] = MathF.Log(0.05f * (k + 1));
            theta[UncertaintyModel.Coefficient(k, UncertaintyModel.Cross, 0)] = MathF.Log(0.05f * (k + 1));
            theta[UncertaintyModel.Coefficient(k, UncertaintyModel.Yaw, 0)] = MathF.Log(0.02f);
        }

        var uncertainty = new UncertaintyModel
        {
            Method = UncertaintyMethod.Constant,
            Coefficients = theta,
            CalibrationScale = [.. Enumerable.Repeat(1f, 2 * steps)],
            BaselineSigma = [.. Enumerable.Repeat(1f, steps)],
            Provenance = "end-to-end test: constant spread",
        };
        FloatModelFile.Save(path, new LstmModel(model.Config with { Uncertainty = uncertainty }, model.Weights));
        return path;
    }

    private static string Locate()
    {
        var bundled = ModelLoader.DefaultModelPath();
        if (File.Exists(bundled))
        {
            return bundled;
        }

        var features = FeatureExtractor.DefaultFeatures.Select(name => new FeatureSpec(name, 0f, 1f)).ToList();
        var config = new ModelConfig
        {
            Name = "e2e-random",
            HiddenSize = 64,
            Features = features,
            OutputScale = Enumerable.Repeat(0.1f, 3 * 20).ToArray(),
        };
        var model = new LstmModel(config, PathTrainer.Initialise(config, new Random(7)));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"edge-lstm-e2e-{Environment.ProcessId}.elstm");
        FloatModelFile.Save(path, model);
        return path;
    }
}
