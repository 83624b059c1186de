using System.CommandLine;
using System.Globalization;
using EdgeLstm.Predictor.Loading;
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
        var hidden = new Option<int>("--hidden") { Description = "LSTM hidden size", DefaultValueFactory = _ => 64 };
        var epochs = new Option<int>("--epochs") { Description = "maximum epochs", DefaultValueFactory = _ => 150 };
        var seed = new Option<int>("--seed") { Description = "random seed (same seed, same model)", DefaultValueFactory = _ => 1 };
        var init = new Option<string?>("--init") { Description = "start from this model (fine-tuning; keeps its normalisation)" };
        var rate = new Option<double>("--lr") { Description = "learning rate", DefaultValueFactory = _ => 2e-3 };
        var patience = new Option<int>("--patience") { Description = "epochs without validation improvement before stopping", DefaultValueFactory = _ => 25 };
        var decay = new Option<double>("--weight-decay") { Description = "decoupled weight decay", DefaultValueFactory = _ => 1e-4 };
        var noise = new Option<double>("--input-noise") { Description = "std of noise on normalised inputs", DefaultValueFactory = _ => 0.05 };
        var plateau = new Option<int>("--lr-plateau") { Description = "halve the learning rate after this many epochs without improvement (0: never)", DefaultValueFactory = _ => 0 };
        var balanced = new Option<bool>("--balanced-loss") { Description = "weigh every predicted pose by its own residual spread instead of in metres²" };
        var score = new Option<double[]>("--score-horizons") { Description = "validation horizons (s) whose FDEs are summed for early stopping", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [1.0, 2.0] };
        var name = new Option<string?>("--name") { Description = "model name (default: output file name)" };
        var command = new Command("train", "Train the LSTM path predictor on replay files (TBPTT, Adam, early stopping)")
        {
            data, val, output, hidden, epochs, seed, init, rate, patience, decay, noise, plateau, balanced, score, name,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var outPath = parse.GetValue(output)!;
            var initial = parse.GetValue(init) is { } initPath ? ModelLoader.LoadFloat(initPath) : null;
            var options = new TrainingOptions
            {
                Name = parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(outPath),
                HiddenSize = initial?.Config.HiddenSize ?? parse.GetValue(hidden),
                Epochs = parse.GetValue(epochs),
                Seed = parse.GetValue(seed),
                LearningRate = parse.GetValue(rate),
                Patience = parse.GetValue(patience),
                WeightDecay = parse.GetValue(decay),
                InputNoise = parse.GetValue(noise),
                PlateauEpochs = parse.GetValue(plateau),
                BalancedLoss = parse.GetValue(balanced),
                ScoreHorizons = parse.GetValue(score)!,
            };
            ValidateBeforeLoading(options);
            var frameRate = initial?.Config.FrameRateHz ?? options.FrameRateHz;
            var training = Load(parse.GetValue(data)!, frameRate, options);
            var validation = Load(parse.GetValue(val) ?? [], frameRate, options);
            Console.WriteLine($"training on {training.Sum(r => r.Length)} frames from {training.Count} file(s), validating on {validation.Sum(r => r.Length)} frames from {validation.Count}");
            var unit = options.BalancedLoss ? "(balanced)" : "m²";
            var model = PathTrainer.Train(training, validation, options, initial, r => Report(r, unit));
            FloatModelFile.Save(outPath, model);
            Console.WriteLine($"wrote {outPath} ({model.Config.ParameterCount} parameters, hidden {model.Config.HiddenSize})");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        [nameof(TrainingOptions.HiddenSize)] = "--hidden",
        [nameof(TrainingOptions.Epochs)] = "--epochs",
        [nameof(TrainingOptions.LearningRate)] = "--lr",
        [nameof(TrainingOptions.Patience)] = "--patience",
        [nameof(TrainingOptions.WeightDecay)] = "--weight-decay",
        [nameof(TrainingOptions.InputNoise)] = "--input-noise",
        [nameof(TrainingOptions.PlateauEpochs)] = "--lr-plateau",
    };

    // Before minutes of loading, and named by the flag the user typed.
    private static void ValidateBeforeLoading(TrainingOptions options)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException e) when (e.ParamName is { } name && Flags.TryGetValue(name, out var flag))
        {
            var value = e is ArgumentOutOfRangeException { ActualValue: { } actual } ? actual : "?";
            throw new ArgumentException($"{flag}: {value} is out of range");
        }
    }

    private static List<Recording> Load(string[] paths, double frameRate, TrainingOptions options) =>
        [.. paths.Select(p => RecordingLoader.Load(p, frameRate, options.HorizonSteps, options.StepSeconds))];

    private static void Report(EpochReport r, string unit)
    {
        var c = CultureInfo.InvariantCulture;
        var validation = r.ValidationFde.Count == 0 ? "no validation set" : "val FDE@1s " + string.Join(" @2s ", r.ValidationFde.Select(f => f.ToString("F3", c))) + " m";
        Console.WriteLine(string.Create(c, $"epoch {r.Epoch,4}/{r.Epochs}  loss {r.TrainLoss:F4} {unit}  {validation}{(r.Improved ? "  *best" : string.Empty)}  {r.Elapsed:mm\\:ss} elapsed, ~{r.Remaining:mm\\:ss} left"));
    }
}
