using System.CommandLine;
using System.Globalization;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Tools.Onnx;
using EdgeLstm.Worker.Commands;
using EdgeLstm.Worker.Errors;

namespace EdgeLstm.Tools.Commands;

/// <summary><c>edge-lstm import-onnx IN.onnx --out MODEL</c>: a one-layer LSTM with a linear head from ONNX (docs/onnx.md).</summary>
public static class ImportOnnxCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("onnx") { Description = "ONNX file: one LSTM layer and a linear head (see docs/onnx.md)" };
        var output = new Option<string>("--out") { Description = "model file to write (.elstm)", Required = true };
        var features = new Option<string?>("--features") { Description = "feature names, comma-separated (default: metadata edge_lstm.features)" };
        var mean = new Option<string?>("--mean") { Description = "feature means, comma-separated (default: metadata)" };
        var std = new Option<string?>("--std") { Description = "feature standard deviations, comma-separated (default: metadata)" };
        var scale = new Option<string?>("--output-scale") { Description = "one scale for every output or 3K of them (default: metadata, else 1)" };
        var prior = new Option<PriorKind?>("--prior") { Description = "physics prior the head corrects (default: metadata, else None)" };
        var tau = new Option<double?>("--prior-tau") { Description = "damped turn-rate time constant, s" };
        var rate = new Option<double?>("--frame-rate") { Description = "frame rate the model was trained at, Hz" };
        var step = new Option<double?>("--step") { Description = "time between predicted poses, s" };
        var name = new Option<string?>("--name") { Description = "model name" };
        var command = new Command("import-onnx", "Import a one-layer LSTM with a linear head from ONNX (e.g. torch.onnx.export of nn.LSTM + nn.Linear)")
        {
            input, output, features, mean, std, scale, prior, tau, rate, step, name,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var options = new OnnxImportOptions
            {
                Name = parse.GetValue(name),
                Features = parse.GetValue(features)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                Mean = Floats(parse.GetValue(mean), "--mean"),
                Std = Floats(parse.GetValue(std), "--std"),
                OutputScale = Floats(parse.GetValue(scale), "--output-scale"),
                Prior = parse.GetValue(prior),
                PriorTau = parse.GetValue(tau),
                FrameRateHz = parse.GetValue(rate),
                StepSeconds = parse.GetValue(step),
            };
            var model = OnnxImporter.Load(parse.GetValue(input)!, options);
            var path = parse.GetValue(output)!;
            FloatModelFile.Save(path, model);
            var c = model.Config;
            Console.WriteLine($"wrote {path} (I={c.InputSize}, H={c.HiddenSize}, 3K={c.OutputSize}; features {string.Join(",", c.Features.Select(f => f.Name))}; prior {c.Prior})");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static float[]? Floats(string? text, string option) => text?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(s => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{option}: '{s}' is not a number"))
        .ToArray();
}
