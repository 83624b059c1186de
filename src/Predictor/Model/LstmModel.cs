namespace EdgeLstm.Predictor.Model;

/// <summary>A model: its configuration and its float weights (the reference form).</summary>
public sealed class LstmModel
{
    public LstmModel(ModelConfig config, LstmWeights weights)
    {
        config.Validate();
        if (weights.InputSize != config.InputSize || weights.HiddenSize != config.HiddenSize || weights.OutputSize != config.OutputSize)
        {
            throw new ArgumentException(
                $"weights are (I={weights.InputSize}, H={weights.HiddenSize}, 3K={weights.OutputSize}) but the config says (I={config.InputSize}, H={config.HiddenSize}, 3K={config.OutputSize})",
                nameof(weights));
        }

        Config = config;
        Weights = weights;
    }

    public ModelConfig Config { get; }

    public LstmWeights Weights { get; }

    public LstmState CreateState() => new(Config.InputSize, Config.HiddenSize, Config.OutputSize);
}
