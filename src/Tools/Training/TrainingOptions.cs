using EdgeLstm.Predictor.Features;
using EdgeLstm.Predictor.Model;



namespace EdgeLstm.Tools.Training;

/// <summary>Settings of <see cref="PathTrainer"/>. Same options and seed, same model, bit for bit.</summary>
public sealed record TrainingOptions
{
    public string Name { get; init; } = "edge-lstm";

    public int HiddenSize { get; init; } = 64;

    public int Epochs { get; init; } = 150;

    public int Seed { get; init; } = 1;

    /// <summary>Streams trained side by side; their gradients are summed in a fixed order.</summary>
    public int BatchStreams { get; init; } = 8;

    /// <summary>Steps between truncations of backpropagation (and between updates).</summary>
    public int ChunkSteps { get; init; } = 100;

    /// <summary>Steps of one training stream before its state is reset.</summary>
    public int SegmentSteps { get; init; } = 500;

    public double LearningRate { get; init; } = 2e-3;

    public double WeightDecay { get; init; } = 1e-4;

    public double ClipNorm { get; init; } = 1.0;

    /// <summary>Epochs without a better validation score before training stops.</summary>
    public int Patience { get; init; } = 25;

    /// <summary>
    /// The learning rate halves after this many epochs without a better validation score; 0 keeps it
    /// constant. Helps on large simulated sets; on the small real recordings it stopped too early.
    /// </summary>
    public int PlateauEpochs { get; init; }

    /// <summary>Standard deviation of the Gaussian noise added to normalised inputs while training.</summary>
    public double InputNoise { get; init; } = 0.05;

    /// <summary>
    /// False: the loss is in metres² (far poses, with larger errors, dominate). True: every output
    /// counts in units of its own residual spread, so near poses weigh as much as far ones.
    /// </summary>
    public bool BalancedLoss { get; init; }

    /// <summary>Weight of the yaw residuals in the loss relative to positions (m² per rad²).</summary>
    public double YawWeight { get; init; } = 0.1;

    public PriorKind Prior { get; init; } = PriorKind.DampedTurnRate;

    public double PriorTau { get; init; } = 0.4;

    public IReadOnlyList<string> Features { get; init; } = FeatureExtractor.DefaultFeatures;

    public int HorizonSteps { get; init; } = 20;

    public double StepSeconds { get; init; } = 0.1;

    public double FrameRateHz { get; init; } = 50;

    /// <summary>Validation horizons (s) whose FDEs are summed into the early-stopping score.</summary>
    public IReadOnlyList<double> ScoreHorizons { get; init; } = [1.0, 2.0];

    public void Validate()
    {
        Check(HiddenSize is >= 1 and <= 1024, nameof(HiddenSize), HiddenSize);
        Check(Epochs >= 1, nameof(Epochs), Epochs);
        Check(BatchStreams >= 1, nameof(BatchStreams), BatchStreams);
        Check(ChunkSteps >= 1, nameof(ChunkSteps), ChunkSteps);
        Check(SegmentSteps >= ChunkSteps, nameof(SegmentSteps), SegmentSteps);
        Check(LearningRate > 0, nameof(LearningRate), LearningRate);
        Check(WeightDecay >= 0, nameof(WeightDecay), WeightDecay);
        Check(Patience >= 1, nameof(Patience), Patience);
        Check(PlateauEpochs >= 0, nameof(PlateauEpochs), PlateauEpochs);
        Check(InputNoise >= 0, nameof(InputNoise), InputNoise);
        foreach (var feature in Features)
        {
            if (!FeatureExtractor.IsKnown(feature))
            {
                throw new ArgumentException($"training: unknown feature '{feature}'", nameof(Features));
            }
        }
    }

    private static void Check(bool ok, string name, object value)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"training: {name} = {value} is out of range");
        }
    }
}
