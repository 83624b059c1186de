using System.CommandLine;
using System.Diagnostics;
using EdgeLstm.Worker.Commands;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Training;
using EdgeLstm.Worker.Errors;

namespace EdgeLstm.Tools.Commands;

/// <summary><c>edge-lstm crossval FILES...</c>: leave one recording out, train on the rest, score it.</summary>
internal static class CrossvalCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "replay files with ground truth (at least two); each is left out once", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var noGuard = new Option<bool>("--no-guard") { Description = "report the guarded path as the unguarded one (the guard still measures)" };
        var guardMemory = new Option<double>("--guard-memory") { Description = "the guard's memory (s): older evidence fades by 1/e", DefaultValueFactory = _ => new GuardSettings().MemorySeconds };
        var guardPrior = new Option<double>("--guard-prior") { Description = "the guard's trust in the network before evidence (s of observations)", DefaultValueFactory = _ => new GuardSettings().PriorSeconds };
        var noCorrection = new Option<bool>("--no-prior-correction") { Description = "the guard fits its gain alone, not the run's curvature and rotation correction of the prior nor its correction of the headings" };
        var correctionPrior = new Option<double>("--correction-prior") { Description = "the guard's trust in the uncorrected prior before evidence (s of observations)", DefaultValueFactory = _ => new GuardSettings().CorrectionPriorSeconds };
        var spreadAdapt = new Option<double>("--spread-adapt") { Description = "how fast the position and yaw spreads widen online when the odometry falls outside their 90 % regions (0: as fitted)", DefaultValueFactory = _ => new GuardSettings().SpreadAdaptation };
        var flags = new TrainingFlags();
        var command = new Command("crossval", "Leave-one-recording-out cross-validation of the training recipe against CV, CTRV and the calibrated prior") { files, json, noGuard, guardMemory, guardPrior, noCorrection, correctionPrior, spreadAdapt };
        flags.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var options = flags.Read(parse, "crossval");
            var paths = parse.GetValue(files)!;
            if (paths.Length < 2)
            {
                throw new ArgumentException($"crossval: {paths.Length} file given, at least two are needed to leave one out");
            }

            var recordings = paths.Select(p => RecordingLoader.Load(p, options.FrameRateHz, options.HorizonSteps, options.StepSeconds)).ToList();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var total = CrossvalProgressLine.Total(recordings.Count, options.Members, options.Epochs);
            var guard = new GuardSettings { Enabled = !parse.GetValue(noGuard), MemorySeconds = parse.GetValue(guardMemory), PriorSeconds = parse.GetValue(guardPrior), CorrectsPrior = !parse.GetValue(noCorrection), CorrectionPriorSeconds = parse.GetValue(correctionPrior), SpreadAdaptation = parse.GetValue(spreadAdapt) };
            guard.Validate(); // before any fold trains: a bad --guard-*, --correction-prior or --spread-adapt fails at once
            CrossValidation.UncertaintyAlternatives? alternatives = options.Uncertainty is null ? null
                : (training, ensemble) => UncertaintyFitter.FitAll(ensemble, RecipeTrainer.CalibrationSet(training, [], options), training, "crossval alternative", guard);
            var folds = TerminalProgress.Run($"crossval, {recordings.Count} folds", total, bar =>
                CrossValidation.Run(recordings, CrossValidation.Recipe(options, flags.LoadPretraining(parse, options)), guard, new CrossvalProgressLine(bar).Report, alternatives),
                Console.Error.WriteLine);
            var timing = new CrossvalTiming(clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
            Console.WriteLine(parse.GetValue(json) ? CrossvalReport.ToJson(folds, options, timing) : CrossvalReport.ToTable(folds, options, timing));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
