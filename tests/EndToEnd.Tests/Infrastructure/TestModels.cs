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
