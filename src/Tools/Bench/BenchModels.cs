using EdgeLstm.Predictor.Features;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Quantisation;



namespace EdgeLstm.Tools.Bench;

/// <summary>
/// Seeded models and inputs of a given hidden size for latency measurements: the cost of a step
/// depends on the sizes only, so random weights (of a trained model's magnitude) will do, and
/// every implementation (float, int8, ONNX Runtime) is fed the same ones.
/// </summary>
public static class BenchModels
{
    public const int HorizonSteps = 20;

    public static LstmModel Create(int hiddenSize, int seed = 1)
    {
        var random = new Random(seed);
        var config = new ModelConfig
        {
            Name = $"bench-h{hiddenSize}",
            HiddenSize = hiddenSize,
            HorizonSteps = HorizonSteps,
            Features = [.. FeatureExtractor.DefaultFeatures.Select(name => new FeatureSpec(name, 0f, 1f))],
            OutputScale = [.. Enumerable.Repeat(1f, 3 * HorizonSteps)],
        };
        var weights = new LstmWeights(config.InputSize, hiddenSize, config.OutputSize);
        var bound = 2f / MathF.Sqrt(hiddenSize);
        foreach (var tensor in weights.Tensors)
        {
            for (var i = 0; i < tensor.Length; i++)
            {
                tensor[i] = (float)((random.NextDouble() * 2) - 1) * bound;
            }
        }

        return new LstmModel(config, weights);
    }

    /// <summary>(steps, I) normalised inputs in ±3.</summary>
    public static float[] Inputs(int inputSize, int steps = 1024, int seed = 2)
    {
        var random = new Random(seed);
        var inputs = new float[inputSize * steps];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)((random.NextDouble() * 6) - 3);
        }

        return inputs;
    }

    /// <summary>The input scale calibration would choose for <see cref="Inputs"/>: max |x| / 127.</summary>
    public static float InputScale => 3f / QuantisedMatrix.MaxValue;
}
