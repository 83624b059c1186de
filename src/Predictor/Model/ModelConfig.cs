namespace EdgeLstm.Predictor.Model;

/// <summary>
/// Everything about a model that is not a weight: sizes, rates, features and their normalisation,
/// the physics prior and the output scaling. Validated once, when a model is built or loaded.
/// </summary>
public sealed record ModelConfig
{
    public const int PoseDims = 3;

    public required string Name { get; init; }

    /// <summary>I: number of input features.</summary>
    public int InputSize => Features.Count;

    /// <summary>H: LSTM hidden size.</summary>
    public required int HiddenSize { get; init; }

    /// <summary>K: predicted poses.</summary>
    public int HorizonSteps { get; init; } = 20;

    /// <summary>Time between predicted poses, s.</summary>
    public double StepSeconds { get; init; } = 0.1;

    /// <summary>Frame (LSTM step) rate, Hz.</summary>
    public double FrameRateHz { get; init; } = 50.0;

    public required IReadOnlyList<FeatureSpec> Features { get; init; }

    public PriorKind Prior { get; init; } = PriorKind.DampedTurnRate;

    /// <summary>Turn-rate decay time constant of <see cref="PriorKind.DampedTurnRate"/>, s.</summary>
    public double PriorTau { get; init; } = 0.4;

    /// <summary>
    /// Per output (3K: x, y, yaw for each step) scale s: pose residual = s · head output. Keeps the
    /// head's targets near unit variance whatever the horizon.
    /// </summary>
    public required float[] OutputScale { get; init; }

    public QuantisationMode Quantisation { get; init; } = QuantisationMode.Float32;

    /// <summary>Calibrated prior: the odometry speed is multiplied by this before the prior integrates it.</summary>
    public double PriorSpeedScale { get; init; } = 1.0;

    /// <summary>Which yaw rate the prior integrates: the gyro when fresh, or the odometry's always.</summary>
    public PriorYawSource PriorYawSource { get; init; } = PriorYawSource.GyroWhenFresh;

    /// <summary>Ensemble members stepped together; the residual is their mean. 1: a single network.</summary>
    public int Members { get; init; } = 1;

    /// <summary>What the model was trained and selected on (free text, shown by inspect).</summary>
    public string Provenance { get; init; } = string.Empty;

    /// <summary>Per-pose uncertainty (null: the model publishes none; files before format v3 have none).</summary>
    public UncertaintyModel? Uncertainty { get; init; }

    /// <summary>3K: head outputs.</summary>
    public int OutputSize => PoseDims * HorizonSteps;

    /// <summary>4H: rows of the stacked gate matrices.</summary>
    public int GateRows => 4 * HiddenSize;

    public double HorizonSeconds => HorizonSteps * StepSeconds;

    public int ParameterCount => Members * ((GateRows * (InputSize + HiddenSize + 1)) + (OutputSize * (HiddenSize + 1)));

    private const double MaxFramesPerStep = 1000;
    private const double MaxGuardValues = 1 << 22;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent field.</summary>
    public void Validate()
    {
        Require(HiddenSize is >= 1 and <= 4096, nameof(HiddenSize), $"{HiddenSize} is outside 1..4096");
        Require(Features.Count is >= 1 and <= 256, nameof(Features), $"{Features.Count} features, expected 1..256");
        Require(HorizonSteps is >= 1 and <= 1000, nameof(HorizonSteps), $"{HorizonSteps} is outside 1..1000");
        Require(StepSeconds > 0 && double.IsFinite(StepSeconds), nameof(StepSeconds), $"{StepSeconds} must be positive");
        Require(FrameRateHz > 0 && FrameRateHz <= 1000, nameof(FrameRateHz), $"{FrameRateHz} is outside (0, 1000]");

        // The residual guard keeps K·step·rate frames of 3K outputs: bounded so a model file cannot ask for gigabytes.
        Require(StepSeconds * FrameRateHz <= MaxFramesPerStep, nameof(StepSeconds), $"{StepSeconds} s at {FrameRateHz} Hz is more than {MaxFramesPerStep} frames a step");
        var guardValues = ((HorizonSteps * Math.Max(1.0, Math.Round(StepSeconds * FrameRateHz))) + 1) * OutputSize;
        Require(guardValues <= MaxGuardValues, nameof(HorizonSteps), $"{HorizonSteps} steps of {StepSeconds} s at {FrameRateHz} Hz need {guardValues:0} guard values, more than {MaxGuardValues}");
        Require(Enum.IsDefined(Prior), nameof(Prior), $"unknown prior {(int)Prior}");
        Require(PriorTau > 0 && double.IsFinite(PriorTau), nameof(PriorTau), $"{PriorTau} must be positive");
        Require(Enum.IsDefined(Quantisation), nameof(Quantisation), $"unknown quantisation {(int)Quantisation}");
        Require(PriorSpeedScale is > 0.1 and < 10, nameof(PriorSpeedScale), $"{PriorSpeedScale} is outside (0.1, 10)");
        Require(Enum.IsDefined(PriorYawSource), nameof(PriorYawSource), $"unknown yaw source {(int)PriorYawSource}");
        Require(Members is >= 1 and <= 32, nameof(Members), $"{Members} is outside 1..32");
        Require(OutputScale.Length == OutputSize, nameof(OutputScale), $"length {OutputScale.Length}, expected 3K = {OutputSize}");
        Uncertainty?.Validate(HorizonSteps);
        foreach (var feature in Features)
        {
            Require(feature.Std > 0 && float.IsFinite(feature.Std) && float.IsFinite(feature.Mean), nameof(Features), $"feature '{feature.Name}' has mean {feature.Mean}, std {feature.Std}");
        }
    }

    private static void Require(bool condition, string field, string what)
    {
        if (!condition)
        {
            throw new ArgumentException($"model config: {field}: {what}", field);
        }
    }
}
