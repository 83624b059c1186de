using EdgeLstm.Predictor.Features;
using EdgeLstm.Predictor.Model;



namespace EdgeLstm.Tools.Training;

/// <summary>
/// Settings of <see cref="PathTrainer"/> and <see cref="RecipeTrainer"/>. Same options and seed, same
/// model, bit for bit. The defaults are the recipe chosen by leave-one-recording-out cross-validation
/// on the real F1/10 recordings (README, "Models and results"): H = 16, 5 members, mirror and ±30 %
/// speed augmentation, a pose-level Huber loss (0.1 m), the residual shrunk per horizon step on the
/// hold-out, the prior calibrated, patience 40.
/// </summary>
public sealed record TrainingOptions
{
    public string Name { get; init; } = "edge-lstm";

    public int HiddenSize { get; init; } = 16;

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

    /// <summary>
    /// Epochs without a better validation score before training stops. 40 rather than 25: better on
    /// each of three seeds of the real crossval and on all eight simulated robots of
    /// models/check-robots.sh at 1 s (README, "How the recipe was chosen"), for about half as much
    /// training time again.
    /// </summary>
    public int Patience { get; init; } = 40;

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

    /// <summary>Speed scale of the prior (1 unless <see cref="CalibratePrior"/> fitted one).</summary>
    public double PriorSpeedScale { get; init; } = 1.0;

    public PriorYawSource PriorYawSource { get; init; } = PriorYawSource.GyroWhenFresh;

    /// <summary>Fit the prior's speed scale, decay and yaw source on the training recordings (<see cref="PriorCalibration"/>).</summary>
    public bool CalibratePrior { get; init; } = true;

    /// <summary>
    /// With no validation recordings: the last fraction of each training recording (time-blocked, with a
    /// horizon's gap before it) is held out for early stopping. 0 trains on everything with no early stopping.
    /// </summary>
    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>Ensemble members, each trained from its own seed; the residual is their mean.</summary>
    public int Members { get; init; } = 5;

    /// <summary>Mirror half the training segments left-right (y, yaw, yaw rates and lateral acceleration negated).</summary>
    public bool Mirror { get; init; } = true;

    /// <summary>
    /// Scale each segment's speed by a factor drawn uniformly from [1 − a, 1 + a] (positions scale alike).
    /// ±30 % rather than ±15 %: better on each of three seeds of the real crossval and on average over the
    /// simulated robots of models/check-robots.sh (README, "How the recipe was chosen").
    /// </summary>
    public double SpeedAugment { get; init; } = 0.3;

    /// <summary>Scale each segment's turn rate by a factor drawn uniformly from [1 − a, 1 + a] (lateral offsets and yaw scale alike, to first order).</summary>
    public double TurnAugment { get; init; }

    /// <summary>
    /// Variational dropout while training (Gal and Ghahramani, 2016): each segment drops this fraction of
    /// the hidden units, one mask where h enters the gates and another where it enters the head, the
    /// kept ones scaled by 1/(1 − p) so inference (no dropout) sees the same expected activations. 0: off.
    /// </summary>
    public double Dropout { get; init; }

    /// <summary>Epochs on the pretraining recordings (simulated runs) before training on the real ones; 0: none.</summary>
    public int PretrainEpochs { get; init; } = 10;

    /// <summary>Pose-level Huber loss threshold (m, or residual spreads with a balanced loss); 0: squared loss.</summary>
    public double HuberDelta { get; init; } = 0.1;

    /// <summary>After training, scale each horizon step's residual by its least-squares gain on the hold-out (<see cref="ResidualShrinkage"/>).</summary>
    public bool ShrinkResidual { get; init; } = true;

    /// <summary>Exponential moving average of the weights with this decay per update (0: off); the average is validated and kept.</summary>
    public double WeightAverageDecay { get; init; }

    public IReadOnlyList<string> Features { get; init; } = FeatureExtractor.DefaultFeatures;

    /// <summary>
    /// The per-pose uncertainty fitted after training on the held-out data (the hold-out slice or the
    /// validation recordings); null fits none. Heteroscedastic was chosen by crossval against the others.
    /// </summary>
    public UncertaintyMethod? Uncertainty { get; init; } = UncertaintyMethod.Heteroscedastic;

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
        Check(HoldoutFraction is >= 0 and < 0.9, nameof(HoldoutFraction), HoldoutFraction);
        Check(PretrainEpochs >= 0, nameof(PretrainEpochs), PretrainEpochs);
        Check(HuberDelta >= 0, nameof(HuberDelta), HuberDelta);
        Check(Members is >= 1 and <= 32, nameof(Members), Members);
        Check(SpeedAugment is >= 0 and < 0.9, nameof(SpeedAugment), SpeedAugment);
        Check(TurnAugment is >= 0 and < 0.9, nameof(TurnAugment), TurnAugment);
        Check(Dropout is >= 0 and < 0.9, nameof(Dropout), Dropout);
        Check(WeightAverageDecay is >= 0 and < 1, nameof(WeightAverageDecay), WeightAverageDecay);
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
