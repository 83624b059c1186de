using EdgeLstm.Predictor.Model;
using EdgeLstm.Tools.Data;


namespace EdgeLstm.Tools.Training;

/// <summary>Progress of a recipe: which member is training and its epoch report.</summary>
public sealed record RecipeProgress(int Member, int Members, EpochReport Epoch);

/// <summary>
/// The training recipe <c>train</c> and <c>crossval</c> share: features chosen from what the data has,
/// the prior calibrated on the training recordings, a time-blocked hold-out of each training
/// recording for early stopping when no validation set is given, and an ensemble of members from
/// successive seeds. Reads nothing but the recordings it is handed.
/// </summary>
public static class RecipeTrainer
{
    /// <param name="pretraining">
    /// Optional recordings (simulated runs) each member first trains on for <see cref="TrainingOptions.PretrainEpochs"/>
    /// with the configuration (normalisation, prior) of the real training data, before it is fine-tuned on that.
    /// </param>
    public static LstmEnsemble Train(IReadOnlyList<Recording> training, IReadOnlyList<Recording> validation, TrainingOptions options, Action<RecipeProgress>? progress = null, IReadOnlyList<Recording>? pretraining = null)
    {
        options.Validate();
        var features = FeatureSelection.For(training, options.Features);
        var tuned = options with { Features = features };
        if (options.CalibratePrior)
        {
            var prior = PriorCalibration.Fit(training, options.HorizonSteps, options.StepSeconds);
            tuned = tuned with { Prior = PriorKind.DampedTurnRate, PriorTau = prior.Tau, PriorSpeedScale = prior.SpeedScale, PriorYawSource = prior.YawSource };
        }

        var fit = training;
        var stopping = validation;
        if (validation.Count == 0 && options.HoldoutFraction > 0)
        {
            var splits = training.Select(r => RecordingSplit.Split(r, options.HoldoutFraction, options.FrameRateHz, options.HorizonSteps * options.StepSeconds)).ToList();
            fit = [.. splits.Select(s => s.Fit)];
            stopping = [.. splits.Select(s => s.Holdout)];
        }

        var members = new List<LstmModel>();
        for (var m = 0; m < options.Members; m++)
        {
            var member = m;
            var seeded = tuned with { Seed = options.Seed + (1000 * m) };
            LstmModel? initial = null;
            if (pretraining is { Count: > 0 } && options.PretrainEpochs > 0)
            {
                var config = PathTrainer.NewConfig(fit, seeded);
                var start = new LstmModel(config, PathTrainer.Initialise(config, new Random(seeded.Seed)));
                initial = PathTrainer.Train(pretraining, [], seeded with { Epochs = options.PretrainEpochs, Patience = options.PretrainEpochs }, start);
            }

            members.Add(PathTrainer.Train(fit, stopping, seeded, initial, e => progress?.Invoke(new RecipeProgress(member, options.Members, e))));
        }

        var ensemble = LstmEnsemble.Of(members);
        var shrunk = options.ShrinkResidual && stopping.Count > 0 ? ResidualShrinkage.Apply(ensemble, ResidualShrinkage.Gains(ensemble, stopping)) : ensemble;
        return WithUncertainty(shrunk, stopping, training, options, validation.Count > 0 ? "the validation recordings" : $"the last {options.HoldoutFraction:P0} of each training recording (the early-stopping hold-out)");
    }

    /// <summary>
    /// The ensemble with its uncertainty fitted on <paramref name="calibration"/> (data its weights
    /// were not fitted to) and the CV-Gaussian baseline on <paramref name="training"/>; unchanged when
    /// no method is asked for or there is no such data.
    /// </summary>
    public static LstmEnsemble WithUncertainty(LstmEnsemble ensemble, IReadOnlyList<Recording> calibration, IReadOnlyList<Recording> training, TrainingOptions options, string calibratedOn)
    {
        if (options.Uncertainty is not { } method || calibration.Count == 0)
        {
            return ensemble;
        }

        var provenance = method == UncertaintyMethod.Heteroscedastic
            ? $"heteroscedastic: shape, level and 50 %/90 % calibration from the calibrated prior's errors on the training recordings, shifted by the network's gain over the prior on {calibratedOn}; CV baseline on the training recordings"
            : $"{method.ToString().ToLowerInvariant()}: fitted and calibrated to 50 %/90 % coverage on {calibratedOn}; CV baseline on the training recordings";
        var uncertainty = UncertaintyFitter.Fit(ensemble, calibration, training, method, provenance);
        return new LstmEnsemble(ensemble.Config with { Uncertainty = uncertainty }, [.. ensemble.Members.Select(m => m.Weights)]);
    }

    /// <summary>The recordings <see cref="Train"/> fits the uncertainty on: the validation set, else the hold-out slices.</summary>
    public static IReadOnlyList<Recording> CalibrationSet(IReadOnlyList<Recording> training, IReadOnlyList<Recording> validation, TrainingOptions options) =>
        validation.Count > 0 || options.HoldoutFraction <= 0
            ? validation
            : [.. training.Select(r => RecordingSplit.Split(r, options.HoldoutFraction, options.FrameRateHz, options.HorizonSteps * options.StepSeconds).Holdout)];
}
