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
        return options.ShrinkResidual && stopping.Count > 0 ? ResidualShrinkage.Apply(ensemble, ResidualShrinkage.Gains(ensemble, stopping)) : ensemble;
    }
}
