using EdgeLstm.Predictor.Features;
using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Tools.Training;


namespace EdgeLstm.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The model the tests run: the bundled models/default.int8.elstm when it has been built, else a
/// randomly initialised model of the default shape (H = 64, 50 Hz, 20 × 0.1 s). The worker's
/// behaviour does not depend on how good the predictions are, only on the shape and speed.
/// </summary>
internal static class TestModels
{
    private static readonly Lazy<string> PathLazy = new(Locate);

    public static string Path => PathLazy.Value;

    /// <summary>The float32 model behind <see cref="Path"/>: the bundled int8 model's float reference beside it, else <see cref="Path"/> itself.</summary>
    public static string FloatPath
    {
        get
        {
            const string Int8Suffix = ".int8.elstm";
            var reference = Path.EndsWith(Int8Suffix, StringComparison.Ordinal) ? string.Concat(Path.AsSpan(0, Path.Length - Int8Suffix.Length), ".elstm") : Path;
            return File.Exists(reference) ? reference : Path;
        }
    }

    /// <summary>
    /// The test model with a constant per-step uncertainty (σ = 5 cm per 0.1 s of horizon along and
    /// across the path, 0.02 rad in yaw), saved to <paramref name="path"/>: a model that publishes spread.
    /// </summary>
    public static string WithConstantSpread(string path, float tailDegreesOfFreedom = float.PositiveInfinity)
    {
        var model = ModelLoader.LoadFloat(FloatPath);
        var spread = ConstantSpread(model.Config.HorizonSteps) with { StepDegreesOfFreedom = [.. Enumerable.Repeat(tailDegreesOfFreedom, model.Config.HorizonSteps)] };
        FloatModelFile.Save(path, new LstmModel(model.Config with { Uncertainty = spread }, model.Weights));
        return path;
    }

    /// <summary>
    /// A two-member int8 ensemble (the test model and a perturbed copy) with a heteroscedastic
    /// uncertainty using every input (speed, turn rate, member spread) and heavy-tailed regions whose ν
    /// grows along the path (the run may widen their 50 % regions, and ν is published per pose): the
    /// costliest spread path.
    /// </summary>
    public static string Int8EnsembleWithSpread(string path)
    {
        var model = ModelLoader.LoadFloat(FloatPath);
        var steps = model.Config.HorizonSteps;
        var spread = ConstantSpread(steps);
        var theta = (float[])spread.Coefficients.Clone();
        for (var k = 0; k < steps; k++)
        {
            for (var a = 0; a < UncertaintyModel.Axes; a++)
            {
                theta[UncertaintyModel.Coefficient(k, a, 1)] = 0.5f;
                theta[UncertaintyModel.Coefficient(k, a, 2)] = 0.3f;
                theta[UncertaintyModel.Coefficient(k, a, 3)] = 0.4f;
            }
        }

        var other = new LstmWeights(model.Config.InputSize, model.Config.HiddenSize, model.Config.OutputSize);
        model.Weights.InputWeights.CopyTo(other.InputWeights, 0);
        model.Weights.RecurrentWeights.CopyTo(other.RecurrentWeights, 0);
        model.Weights.GateBias.CopyTo(other.GateBias, 0);
        model.Weights.HeadBias.CopyTo(other.HeadBias, 0);
        for (var i = 0; i < other.HeadWeights.Length; i++)
        {
            other.HeadWeights[i] = model.Weights.HeadWeights[i] * 1.1f;
        }

        float[] nu = [.. Enumerable.Range(0, steps).Select(k => 1.5f + (0.1f * k))];
        var config = model.Config with { Members = 2, Uncertainty = spread with { Method = UncertaintyMethod.Heteroscedastic, Coefficients = theta, StepDegreesOfFreedom = nu } };
        EdgeLstm.Predictor.Quantisation.Int8EnsembleModelFile.Save(path, config, [.. new[] { model.Weights, other }.Select(w => EdgeLstm.Predictor.Quantisation.WeightQuantiser.Quantise(w, 4f / 127))]);
        return path;
    }

    private static UncertaintyModel ConstantSpread(int steps)
    {
        var theta = new float[steps * UncertaintyModel.Axes * UncertaintyModel.Inputs];
        for (var k = 0; k < steps; k++)
        {
            theta[UncertaintyModel.Coefficient(k, UncertaintyModel.Along, 0)] = MathF.Log(0.05f * (k + 1));
            theta[UncertaintyModel.Coefficient(k, UncertaintyModel.Cross, 0)] = MathF.Log(0.05f * (k + 1));
            theta[UncertaintyModel.Coefficient(k, UncertaintyModel.Yaw, 0)] = MathF.Log(0.02f);
        }

        return new UncertaintyModel
        {
            Method = UncertaintyMethod.Constant,
            Coefficients = theta,
            CalibrationScale = [.. Enumerable.Repeat(1f, 2 * steps)],
            BaselineSigma = [.. Enumerable.Repeat(1f, steps)],
            Provenance = "end-to-end test: constant spread",
        };
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
