using System.Diagnostics;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Evaluation;
using EdgeLstm.Tools.Quantising;

namespace EdgeLstm.Tools.Training;

/// <summary>
/// One fold: the left-out recording's figures at 1 s and 2 s, and what the fold's model was; with
/// uncertainty, its coverage on the left-out recording (float and int8), and that of each method
/// fitted on the same held-out data (<see cref="UncertaintyComparison"/>).
/// </summary>
public sealed record FoldResult(string LeftOut, IReadOnlyList<string> TrainedOn, EvaluationResult At1, EvaluationResult At2, ModelConfig Model, TimeSpan Elapsed)
{
    /// <summary>The stored uncertainty's coverage on the left-out recording (null: the model has none).</summary>
    public IReadOnlyList<HorizonCoverage>? Coverage { get; init; }

    /// <summary>The same with the int8 network (the model quantised on its training recordings).</summary>
    public IReadOnlyList<HorizonCoverage>? Int8Coverage { get; init; }

    /// <summary>Each uncertainty method fitted on the fold's held-out data, scored on the left-out recording.</summary>
    public IReadOnlyList<(UncertaintyMethod Method, IReadOnlyList<HorizonCoverage> Coverage)> Alternatives { get; init; } = [];
}

/// <summary>Progress of a cross-validation: the fold being trained and how far it is.</summary>
public sealed record CrossValidationProgress(int Fold, int Folds, string LeftOut, RecipeProgress? Training, TimeSpan Elapsed);

/// <summary>
/// Leave-one-recording-out: fold i trains on every recording but i (its early stopping uses only
/// what the trainer carves out of those) and scores recording i, which takes no part in any choice.
/// The trainer is a parameter so tests can watch what each fold's training is handed.
/// </summary>
public static class CrossValidation
{
    public delegate LstmEnsemble Trainer(IReadOnlyList<Recording> training, Action<RecipeProgress> progress);

    /// <summary>The recipe's trainer with these options (no validation recordings: the hold-out decides).</summary>
    public static Trainer Recipe(TrainingOptions options, IReadOnlyList<Recording>? pretraining = null) =>
        (training, progress) => RecipeTrainer.Train(training, [], options, progress, pretraining);

    /// <summary>Every uncertainty method fitted for a fold's ensemble from its training recordings only.</summary>
    public delegate IReadOnlyList<UncertaintyModel> UncertaintyAlternatives(IReadOnlyList<Recording> training, LstmEnsemble ensemble);

    public static IReadOnlyList<FoldResult> Run(IReadOnlyList<Recording> recordings, Trainer train, GuardSettings? guard = null, Action<CrossValidationProgress>? progress = null, UncertaintyAlternatives? alternatives = null)
    {
        if (recordings.Count < 2)
        {
            throw new ArgumentException($"crossval needs at least two recordings to leave one out, got {recordings.Count}", nameof(recordings));
        }

        var clock = Stopwatch.StartNew();
        var folds = new List<FoldResult>();
        for (var i = 0; i < recordings.Count; i++)
        {
            var fold = i;
            var leftOut = recordings[i];
            var training = recordings.Where((_, j) => j != fold).ToList();
            var start = clock.Elapsed;
            progress?.Invoke(new CrossValidationProgress(fold, recordings.Count, leftOut.Name, null, clock.Elapsed));
            var ensemble = train(training, p => progress?.Invoke(new CrossValidationProgress(fold, recordings.Count, leftOut.Name, p, clock.Elapsed)));
            var predictor = EnsemblePredictor.Float(ensemble, guard);
            var config = ensemble.Config;
            var at1 = Evaluator.Evaluate([leftOut], predictor, 1.0, config.StepSeconds);
            var at2 = Evaluator.Evaluate([leftOut], predictor, Math.Min(2.0, config.HorizonSeconds), config.StepSeconds);
            folds.Add(new FoldResult(leftOut.Name, [.. training.Select(r => r.Name)], at1, at2, config, clock.Elapsed - start)
            {
                Coverage = CoverageEvaluator.Evaluate([leftOut], predictor),
                Int8Coverage = config.Uncertainty is null ? null : CoverageEvaluator.Evaluate([leftOut], UncertaintyScoring.Int8Predictor(ensemble, training, guard)),
                Alternatives = alternatives is null ? [] : [.. alternatives(training, ensemble).Select(u => (u.Method, CoverageEvaluator.Evaluate([leftOut], UncertaintyScoring.With(ensemble, u, guard))!))],
            });
        }

        return folds;
    }
}
