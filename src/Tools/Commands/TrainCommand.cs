using System.CommandLine;
using System.Globalization;
using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Training;
using EdgeLstm.Worker.Commands;
using EdgeLstm.Worker.Errors;

namespace EdgeLstm.Tools.Commands;

/// <summary><c>edge-lstm train</c>: fits a model to replay files.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string[]>("--data") { Description = "training replay files", Required = true, AllowMultipleArgumentsPerToken = true };
        var val = new Option<string[]>("--val") { Description = "validation replay files (early stopping)", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "model file to write", Required = true };
        var init = new Option<string?>("--init") { Description = "start from this model (fine-tuning; keeps its normalisation)" };
        var name = new Option<string?>("--name") { Description = "model name (default: output file name)" };
        var flags = new TrainingFlags();
        var command = new Command("train", "Train the LSTM path predictor on replay files with the cross-validated recipe (calibrated prior, hold-out early stopping, ensemble)")
        {
            data, val, output, init, name,
        };
        flags.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var outPath = parse.GetValue(output)!;
            var initial = parse.GetValue(init) is { } initPath ? ModelLoader.LoadFloat(initPath) : null;
            var options = flags.Read(parse, parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(outPath), initial?.Config.HiddenSize);
            var frameRate = initial?.Config.FrameRateHz ?? options.FrameRateHz;
            var training = Load(parse.GetValue(data)!, frameRate, options);
            var validation = Load(parse.GetValue(val) ?? [], frameRate, options);
            Console.WriteLine($"training on {training.Sum(r => r.Length)} frames from {training.Count} file(s), validating on {validation.Sum(r => r.Length)} frames from {validation.Count}");
            var unit = options.BalancedLoss ? "(balanced)" : "m²";
            var members = initial is null ? options.Members : 1;
            var ensemble = TerminalProgress.Run($"training {members} member(s)", (double)members * options.Epochs, bar => initial is null
                ? RecipeTrainer.Train(training, validation, options, r => Report(bar, r, unit), flags.LoadPretraining(parse, options))
                : RecipeTrainer.WithUncertainty(LstmEnsemble.Of([PathTrainer.Train(training, validation, options, initial, r => Report(bar, new RecipeProgress(0, 1, r), unit))]), validation, training, options, "the validation recordings"));
            var provenance = $"trained on {string.Join(", ", training.Select(r => r.Name))}; early stopping on {(validation.Count > 0 ? string.Join(", ", validation.Select(r => r.Name)) : options.HoldoutFraction > 0 ? $"the last {options.HoldoutFraction:P0} of each" : "nothing (all epochs)")}";
            var config = ensemble.Config with { Provenance = provenance };
            EnsembleModelFile.Save(outPath, new LstmEnsemble(config, [.. ensemble.Members.Select(m => m.Weights)]));
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"prior: damped turn, speed x{config.PriorSpeedScale:F3}, tau {config.PriorTau} s, yaw rate from {config.PriorYawSource}; features {string.Join(" ", config.Features.Select(f => f.Name))}"));
            Console.WriteLine(config.Uncertainty is { } u
                ? $"uncertainty: {u.Provenance}"
                : "uncertainty: none (no held-out data to fit it on, or --uncertainty none)");
            Console.WriteLine($"wrote {outPath} ({config.Members} member(s), {config.ParameterCount} parameters, hidden {config.HiddenSize})");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static List<Recording> Load(string[] paths, double frameRate, TrainingOptions options) =>
        [.. paths.Select(p => RecordingLoader.Load(p, frameRate, options.HorizonSteps, options.StepSeconds))];

    private static void Report(TerminalProgress bar, RecipeProgress p, string unit)
    {
        var r = p.Epoch;
        var member = p.Members > 1 ? $"member {p.Member + 1}/{p.Members}  " : string.Empty;
        var c = CultureInfo.InvariantCulture;
        var validation = r.ValidationFde.Count == 0 ? "no validation set" : "val FDE@1s " + string.Join(" @2s ", r.ValidationFde.Select(f => f.ToString("F3", c))) + " m";
        bar.Report((p.Member * r.Epochs) + r.Epoch, string.Create(c, $"{member}epoch {r.Epoch,4}/{r.Epochs}  loss {r.TrainLoss:F4} {unit}  {validation}{(r.Improved ? "  *best" : string.Empty)}  {r.Elapsed:mm\\:ss} elapsed, ~{r.Remaining:mm\\:ss} left"));
    }
}
