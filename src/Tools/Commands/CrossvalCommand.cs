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
        var flags = new TrainingFlags();
        var command = new Command("crossval", "Leave-one-recording-out cross-validation of the training recipe against CV, CTRV and the calibrated prior") { files, json, noGuard };
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
            var progress = new CrossvalProgressLine();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var guard = new GuardSettings { Enabled = !parse.GetValue(noGuard) };
            CrossValidation.UncertaintyAlternatives? alternatives = options.Uncertainty is null ? null
                : (training, ensemble) => UncertaintyFitter.FitAll(ensemble, RecipeTrainer.CalibrationSet(training, [], options), training, "crossval alternative", guard);
            var folds = CrossValidation.Run(recordings, CrossValidation.Recipe(options), guard, progress.Report, alternatives);
            progress.Done();
            var timing = new CrossvalTiming(clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
            Console.WriteLine(parse.GetValue(json) ? CrossvalReport.ToJson(folds, options, timing) : CrossvalReport.ToTable(folds, options, timing));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
