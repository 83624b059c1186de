using System.CommandLine;
using System.Globalization;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Predictor.Quantisation;
using EdgeLstm.Worker.Errors;

namespace EdgeLstm.Worker.Commands;

/// <summary><c>edge-lstm inspect MODEL</c>: what a model file holds.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "model file (.elstm)" };
        var command = new Command("inspect", "Print a model's sizes, rates, features, quantisation, parameter count and checksum") { model };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = parse.GetValue(model)!;
            if (!File.Exists(path))
            {
                throw new ModelFormatException(path, "model file not found");
            }

            var (config, tensors) = ModelFile.Read(path);
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine($"model        {config.Name}");
            Console.WriteLine($"file         {path} ({new FileInfo(path).Length} bytes, format v{BitConverter.ToUInt32(File.ReadAllBytes(path), 8)}; this build reads v{ModelFile.OldestReadableVersion} to v{ModelFile.FormatVersion})");
            Console.WriteLine($"checksum     CRC-32 {ModelFile.Checksum(path):X8}");
            Console.WriteLine($"lstm         input I={config.InputSize}, hidden H={config.HiddenSize}, 1 layer, gates i f g o");
            Console.WriteLine($"head         linear H -> 3K = {config.OutputSize} (K={config.HorizonSteps} poses x, y, yaw)");
            Console.WriteLine(string.Create(c, $"rate         {config.FrameRateHz} Hz frames; poses every {config.StepSeconds} s; horizon {config.HorizonSeconds} s"));
            Console.WriteLine(string.Create(c, $"prior        {config.Prior}{(config.Prior == PriorKind.DampedTurnRate ? $" (tau {config.PriorTau} s)" : string.Empty)}, speed scale {config.PriorSpeedScale:G5}, yaw rate from {config.PriorYawSource}"));
            Console.WriteLine($"ensemble     {config.Members} member(s), residual = their mean");
            if (config.Provenance.Length > 0)
            {
                Console.WriteLine($"provenance   {config.Provenance}");
            }

            Console.WriteLine(UncertaintyLine(config));
            Console.WriteLine($"quantisation {config.Quantisation}{QuantisationScheme(config.Quantisation, tensors)}");
            Console.WriteLine($"tensor bytes {tensors.Values.Sum(t => (long)t.Length * (t.Type == TensorType.Int8 ? 1 : 4))} ({tensors.Values.Where(t => t.Type == TensorType.Int8).Sum(t => (long)t.Length)} int8, {tensors.Values.Where(t => t.Type == TensorType.Float32).Sum(t => 4L * t.Length)} float32)");
            Console.WriteLine($"parameters   {config.ParameterCount}");
            Console.WriteLine("features     name        mean        std");
            foreach (var f in config.Features)
            {
                Console.WriteLine(string.Create(c, $"             {f.Name,-8} {f.Mean,10:G5} {f.Std,10:G5}"));
            }

            Console.WriteLine("tensors");
            foreach (var t in tensors.Values)
            {
                Console.WriteLine($"             {t.Name,-16} {t.Type,-8} ({string.Join(", ", t.Shape)})");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string UncertaintyLine(ModelConfig config)
    {
        if (config.Uncertainty is not { } u)
        {
            return "uncertainty  none: the model publishes no spread (files before format v3, or trained with --uncertainty none)";
        }

        var c = CultureInfo.InvariantCulture;
        var k1 = Math.Min(config.HorizonSteps, (int)Math.Round(1.0 / config.StepSeconds)) - 1;
        var last = config.HorizonSteps - 1;
        return string.Create(c, $"uncertainty  {u.Method.ToString().ToLowerInvariant()}: ln σ per step and axis (along, cross, yaw) from ln speed, ln turn rate, ln member spread{Activity(u)}; calibration x{u.CalibrationScale[2 * k1]:F2} @{(k1 + 1) * config.StepSeconds:0.#}s, x{u.CalibrationScale[2 * last]:F2} @{config.HorizonSeconds:0.#}s; CV baseline σ {u.BaselineSigma[k1]:F3} m @{(k1 + 1) * config.StepSeconds:0.#}s, {u.BaselineSigma[last]:F3} m @{config.HorizonSeconds:0.#}s; position regions {Shapes(u.IsGaussian, k => u.ShapeAt(k).DegreesOfFreedom, config)}; heading intervals {Shapes(u.IsYawGaussian, k => u.YawShapeAt(k).DegreesOfFreedom, config)}")
            + Environment.NewLine + $"             {u.Provenance}";
    }

    // "Gaussian", or the Student-t ν at 0.5 s, 1 s and the horizon ("ν = 1.5 @0.5s, 1.25 @1s, 1.75 @2s").
    // The driving-activity inputs only where the model uses them (files before format 6 do not).
    private static string Activity(UncertaintyModel u) =>
        u.UsesActivity ? string.Create(CultureInfo.InvariantCulture, $", ln speed and turn-rate variation over {u.ActivityWindowSeconds:0.##} s") : string.Empty;

    // "Gaussian", or ν at 0.5 s, 1 s and the horizon.
    private static string Shapes(bool gaussian, Func<int, double> degreesOfFreedom, ModelConfig config)
    {
        if (gaussian)
        {
            return "Gaussian";
        }

        var c = CultureInfo.InvariantCulture;
        var shown = new[] { 0.5, 1.0, config.HorizonSeconds }
            .Select(s => Math.Clamp((int)Math.Round(s / config.StepSeconds) - 1, 0, config.HorizonSteps - 1))
            .Distinct()
            .Select(k => string.Create(c, $"{(double.IsPositiveInfinity(degreesOfFreedom(k)) ? "∞" : degreesOfFreedom(k).ToString("0.##", c))} @{(k + 1) * config.StepSeconds:0.#}s"));
        return $"Student-t, ν = {string.Join(", ", shown)}";
    }

    private static string QuantisationScheme(QuantisationMode mode, IReadOnlyDictionary<string, TensorData> tensors)
    {
        if (mode != QuantisationMode.Int8)
        {
            return string.Empty;
        }

        var inputScale = tensors.TryGetValue(TensorNames.InputScale, out var t) && t.Floats is [var s] ? s.ToString("G5", CultureInfo.InvariantCulture) : "?";
        return $": symmetric per-row int8 W, U, W_y; x scale {inputScale} (calibrated), h scale 1/127; int32 accumulation, float gates; matvec path {Int8MatVec.Best}";
    }
}
