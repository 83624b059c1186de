using EdgeLstm.Predictor.Model;



namespace EdgeLstm.Predictor.Tests.Quantisation;

/// <summary>Seeded random models and inputs for conformance tests.</summary>
internal static class RandomModels
{
    public static readonly string[] FeatureNames = ["v", "w", "gz", "ax", "ay", "gap"];

    /// <summary>
    /// Weights uniform in ±gain/√H (PyTorch's LSTM initialisation for gain 1); a gain above 1 gives
    /// the larger weights of a trained model, so gates saturate as they do in use.
    /// </summary>
    public static LstmModel Create(int hiddenSize, int seed, int horizonSteps = 20, float gain = 2f)
    {
        var random = new Random(seed);
        var config = new ModelConfig
        {
            Name = $"random-h{hiddenSize}-s{seed}",
            HiddenSize = hiddenSize,
            HorizonSteps = horizonSteps,
            Features = [.. FeatureNames.Select((n, i) => new FeatureSpec(n, 0.1f * i, 1f + (0.5f * i)))],
            OutputScale = [.. Enumerable.Range(0, 3 * horizonSteps).Select(j => 0.01f * (1 + (j / 3)))],
        };
        var weights = new LstmWeights(config.InputSize, hiddenSize, config.OutputSize);
        var bound = gain / MathF.Sqrt(hiddenSize);
        foreach (var tensor in weights.Tensors)
        {
            Fill(random, tensor, bound);
        }

        return new LstmModel(config, weights);
    }

    /// <summary>(steps, I) inputs: a smooth random walk plus noise, like normalised sensor features.</summary>
    public static float[] Inputs(int steps, int inputSize, int seed)
    {
        var random = new Random(seed);
        var inputs = new float[steps * inputSize];
        var level = new float[inputSize];
        for (var t = 0; t < steps; t++)
        {
            for (var j = 0; j < inputSize; j++)
            {
                level[j] = (0.95f * level[j]) + (0.3f * (float)((random.NextDouble() * 2) - 1));
                inputs[(t * inputSize) + j] = Math.Clamp(level[j] + (0.5f * (float)((random.NextDouble() * 2) - 1)), -4f, 4f);
            }
        }

        return inputs;
    }

    public static void Fill(Random random, Span<float> values, float bound)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1) * bound;
        }
    }
}
