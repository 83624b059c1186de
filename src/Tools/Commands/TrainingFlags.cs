using System.CommandLine;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Tools.Training;

namespace EdgeLstm.Tools.Commands;

/// <summary>The training options <c>train</c> and <c>crossval</c> share; defaults are the recipe's (<see cref="TrainingOptions"/>).</summary>
internal sealed class TrainingFlags
{
    private static readonly TrainingOptions Recipe = new();

    public Option<int> Hidden { get; } = new("--hidden") { Description = "LSTM hidden size", DefaultValueFactory = _ => Recipe.HiddenSize };

    public Option<int> Epochs { get; } = new("--epochs") { Description = "maximum epochs", DefaultValueFactory = _ => Recipe.Epochs };

    public Option<int> Seed { get; } = new("--seed") { Description = "random seed (same seed, same model)", DefaultValueFactory = _ => Recipe.Seed };

    public Option<double> LearningRate { get; } = new("--lr") { Description = "learning rate", DefaultValueFactory = _ => Recipe.LearningRate };

    public Option<int> Patience { get; } = new("--patience") { Description = "epochs without validation improvement before stopping", DefaultValueFactory = _ => Recipe.Patience };

    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "decoupled weight decay", DefaultValueFactory = _ => Recipe.WeightDecay };

    public Option<double> InputNoise { get; } = new("--input-noise") { Description = "std of noise on normalised inputs", DefaultValueFactory = _ => Recipe.InputNoise };

    public Option<int> Plateau { get; } = new("--lr-plateau") { Description = "halve the learning rate after this many epochs without improvement (0: never)", DefaultValueFactory = _ => Recipe.PlateauEpochs };

    public Option<bool> Balanced { get; } = new("--balanced-loss") { Description = "weigh every predicted pose by its own residual spread instead of in metres²" };

    public Option<double[]> ScoreHorizons { get; } = new("--score-horizons") { Description = "validation horizons (s) whose FDEs are summed for early stopping", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [.. Recipe.ScoreHorizons] };

    public Option<int> Members { get; } = new("--members") { Description = "ensemble members in the model file (stepped together)", DefaultValueFactory = _ => Recipe.Members };

    public Option<bool> Mirror { get; } = new("--mirror") { Description = "left-right mirror augmentation (half the segments)", DefaultValueFactory = _ => Recipe.Mirror };

    public Option<double> SpeedAugment { get; } = new("--speed-augment") { Description = "scale each segment's speed by a factor in [1-a, 1+a] (0: off)", DefaultValueFactory = _ => Recipe.SpeedAugment };

    public Option<double> TurnAugment { get; } = new("--turn-augment") { Description = "scale each segment's turn rate by a factor in [1-a, 1+a] (0: off)", DefaultValueFactory = _ => Recipe.TurnAugment };

    public Option<double> Dropout { get; } = new("--dropout") { Description = "variational dropout of the hidden units while training, per segment (0: off)", DefaultValueFactory = _ => Recipe.Dropout };

    public Option<double> WeightAverage { get; } = new("--weight-average") { Description = "EMA decay of the weights per update, the average is validated and kept (0: off)", DefaultValueFactory = _ => Recipe.WeightAverageDecay };

    public Option<double> Holdout { get; } = new("--holdout") { Description = "with no --val: time-blocked fraction at the end of each training file for early stopping", DefaultValueFactory = _ => Recipe.HoldoutFraction };

    public Option<bool> Shrink { get; } = new("--shrink") { Description = "scale each horizon step's residual by its least-squares gain on the hold-out", DefaultValueFactory = _ => Recipe.ShrinkResidual };

    public Option<double> Huber { get; } = new("--huber") { Description = "pose-level Huber loss threshold in metres (0: squared loss)", DefaultValueFactory = _ => Recipe.HuberDelta };

    public Option<string[]> Pretrain { get; } = new("--pretrain") { Description = "simulated (or other) replay files each member trains on first, with the real data's normalisation and prior", AllowMultipleArgumentsPerToken = true };

    public Option<int> PretrainEpochs { get; } = new("--pretrain-epochs") { Description = "epochs on the --pretrain files", DefaultValueFactory = _ => Recipe.PretrainEpochs };

    public Option<bool> NoCalibration { get; } = new("--no-calibrate") { Description = "keep the default prior (tau 0.4 s, speed x1) instead of fitting it to the training files" };

    public Option<string[]> Features { get; } = new("--features") { Description = "input features (IMU ones are dropped when a training file has no IMU)", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [.. Recipe.Features] };

    public Option<string> Uncertainty { get; } = new("--uncertainty")
    {
        Description = "per-pose uncertainty fitted on the held-out data: heteroscedastic (speed, turn rate, member spread), spread (members only), constant (per horizon step) or none",
        DefaultValueFactory = _ => Recipe.Uncertainty?.ToString().ToLowerInvariant() ?? "none",
    };

    /// <summary>Flag names by <see cref="TrainingOptions"/> property, for one-line errors naming what the user typed.</summary>
    public static IReadOnlyDictionary<string, string> FlagNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(TrainingOptions.HiddenSize)] = "--hidden",
        [nameof(TrainingOptions.Epochs)] = "--epochs",
        [nameof(TrainingOptions.LearningRate)] = "--lr",
        [nameof(TrainingOptions.Patience)] = "--patience",
        [nameof(TrainingOptions.WeightDecay)] = "--weight-decay",
        [nameof(TrainingOptions.InputNoise)] = "--input-noise",
        [nameof(TrainingOptions.PlateauEpochs)] = "--lr-plateau",
        [nameof(TrainingOptions.Members)] = "--members",
        [nameof(TrainingOptions.SpeedAugment)] = "--speed-augment",
        [nameof(TrainingOptions.TurnAugment)] = "--turn-augment",
        [nameof(TrainingOptions.Dropout)] = "--dropout",
        [nameof(TrainingOptions.WeightAverageDecay)] = "--weight-average",
        [nameof(TrainingOptions.HoldoutFraction)] = "--holdout",
        [nameof(TrainingOptions.Features)] = "--features",
        [nameof(TrainingOptions.HuberDelta)] = "--huber",
        [nameof(TrainingOptions.PretrainEpochs)] = "--pretrain-epochs",
    };

    /// <summary>The --pretrain recordings, loaded at the recipe's rates.</summary>
    public IReadOnlyList<Data.Recording> LoadPretraining(ParseResult parse, TrainingOptions options) =>
        [.. (parse.GetValue(Pretrain) ?? []).Select(p => Data.RecordingLoader.Load(p, options.FrameRateHz, options.HorizonSteps, options.StepSeconds))];

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Hidden, Epochs, Seed, LearningRate, Patience, WeightDecay, InputNoise, Plateau, Balanced, ScoreHorizons, Members, Mirror, SpeedAugment, TurnAugment, Dropout, WeightAverage, Holdout, Shrink, Huber, Pretrain, PretrainEpochs, NoCalibration, Features, Uncertainty })
        {
            command.Options.Add(option);
        }
    }

    public TrainingOptions Read(ParseResult parse, string name, int? hiddenOverride = null)
    {
        var options = new TrainingOptions
        {
            Name = name,
            HiddenSize = hiddenOverride ?? parse.GetValue(Hidden),
            Epochs = parse.GetValue(Epochs),
            Seed = parse.GetValue(Seed),
            LearningRate = parse.GetValue(LearningRate),
            Patience = parse.GetValue(Patience),
            WeightDecay = parse.GetValue(WeightDecay),
            InputNoise = parse.GetValue(InputNoise),
            PlateauEpochs = parse.GetValue(Plateau),
            BalancedLoss = parse.GetValue(Balanced),
            ScoreHorizons = parse.GetValue(ScoreHorizons)!,
            Members = parse.GetValue(Members),
            Mirror = parse.GetValue(Mirror),
            SpeedAugment = parse.GetValue(SpeedAugment),
            TurnAugment = parse.GetValue(TurnAugment),
            Dropout = parse.GetValue(Dropout),
            WeightAverageDecay = parse.GetValue(WeightAverage),
            HoldoutFraction = parse.GetValue(Holdout),
            CalibratePrior = !parse.GetValue(NoCalibration),
            ShrinkResidual = parse.GetValue(Shrink),
            HuberDelta = parse.GetValue(Huber),
            PretrainEpochs = parse.GetValue(PretrainEpochs),
            Features = parse.GetValue(Features)!,
            Uncertainty = ParseUncertainty(parse.GetValue(Uncertainty)!),
        };
        ValidateNamingFlags(options);
        return options;
    }

    private static UncertaintyMethod? ParseUncertainty(string value) =>
        value.Equals("none", StringComparison.OrdinalIgnoreCase) ? null
        : Enum.TryParse<UncertaintyMethod>(value, ignoreCase: true, out var method) && Enum.IsDefined(method) && !int.TryParse(value, out _) ? method
        : throw new ArgumentException($"--uncertainty: '{value}', expected heteroscedastic, spread, constant or none");

    // Before minutes of loading, and named by the flag the user typed.
    private static void ValidateNamingFlags(TrainingOptions options)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException e) when (e.ParamName is { } name && FlagNames.TryGetValue(name, out var flag))
        {
            var value = e is ArgumentOutOfRangeException { ActualValue: { } actual } ? actual : "?";
            throw new ArgumentException(e is ArgumentOutOfRangeException ? $"{flag}: {value} is out of range" : $"{flag}: {e.Message}");
        }
    }
}
