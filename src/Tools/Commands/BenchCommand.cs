using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Predictor.Quantisation;
using EdgeLstm.Tools.Bench;
using EdgeLstm.Tools.Quantising;
using EdgeLstm.Worker.Commands;
using EdgeLstm.Worker.Errors;

namespace EdgeLstm.Tools.Commands;

/// <summary>
/// <c>edge-lstm bench</c>: per-step latency (p50, p99) and allocation of the float and int8 steps,
/// plus ONNX Runtime's where it can run. ONNX Runtime cannot be a dependency of the predictor (it
/// ships no linux-arm32 build and is a reference, not a runtime), so its rows come from the
/// bench project (bench/EdgeLstm.Bench, mode <c>ort</c>), which measures with the same
/// <see cref="StepLatency"/> code on the same seeded models; without a built bench project the rows
/// are omitted with a note.
/// </summary>
public static class BenchCommand
{
    private const string BenchAssembly = "EdgeLstm.Bench.dll";

    private static readonly string[] BenchConfigurations = ["Release", "Debug"];

    public static Command Create()
    {
        var hidden = new Option<string>("--hidden") { Description = "hidden sizes, comma-separated", DefaultValueFactory = _ => "32,64,128" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var samples = new Option<int>("--samples") { Description = "timed steps per implementation", DefaultValueFactory = _ => 100_000 };
        var warmup = new Option<int>("--warmup") { Description = "untimed steps first (tiered JIT reaches optimised code)", DefaultValueFactory = _ => 20_000 };
        var impl = new Option<string>("--impl") { Description = "float, int8, onnxruntime or all", DefaultValueFactory = _ => "all" };
        impl.AcceptOnlyFromAmong("float", "int8", "onnxruntime", "all");
        var steps = new Option<int?>("--steps") { Description = "instruction-count mode: run exactly N steps of --impl at the first hidden size, untimed (for callgrind)" };
        var ortBench = new Option<string?>("--ort-bench") { Description = $"path of {BenchAssembly} (default: bench/EdgeLstm.Bench/bin/{{Release,Debug}} in this repository)" };
        var command = new Command("bench", "Per-step latency p50/p99 (ns) and allocation of the float, int8 and ONNX Runtime LSTM steps")
        {
            hidden, json, samples, warmup, impl, steps, ortBench,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var sizes = ParseSizes(parse.GetValue(hidden)!);
            var which = parse.GetValue(impl)!;
            if (parse.GetValue(steps) is { } count)
            {
                return RunSteps(sizes[0], which, count);
            }

            var samplesValue = parse.GetValue(samples);
            var warmupValue = parse.GetValue(warmup);
            if (samplesValue < 100 || warmupValue < 0)
            {
                throw new ArgumentException("--samples must be at least 100 and --warmup at least 0");
            }

            var results = new List<StepLatencyResult>();
            foreach (var size in sizes)
            {
                var model = BenchModels.Create(size);
                var inputs = BenchModels.Inputs(model.Config.InputSize);
                if (which is "float" or "all")
                {
                    results.Add(StepLatency.Measure(size, "float", new FloatLstmStepper(model), inputs, warmupValue, samplesValue));
                }

                if (which is "int8" or "all")
                {
                    var int8 = new Int8LstmStepper(WeightQuantiser.Quantise(model.Weights, BenchModels.InputScale));
                    results.Add(StepLatency.Measure(size, "int8", int8, inputs, warmupValue, samplesValue));

                    // The whole predictor step, without and with per-pose uncertainty: its cost is the difference.
                    var frames = PredictorStep.Frames();
                    var weights = WeightQuantiser.Quantise(model.Weights, BenchModels.InputScale);
                    var plain = new PathPredictor(model.Config, new Int8LstmStepper(weights));
                    var spread = new PathPredictor(model.Config with { Uncertainty = PredictorStep.Uncertainty(model.Config.HorizonSteps) }, new Int8LstmStepper(weights));
                    results.Add(StepLatency.Measure(size, "int8 path", new PredictorStep(plain, frames), inputs, warmupValue, samplesValue));
                    results.Add(StepLatency.Measure(size, "int8 path+unc", new PredictorStep(spread, frames), inputs, warmupValue, samplesValue));
                }
            }

            string? note = null;
            if (which is "onnxruntime" or "all")
            {
                note = OnnxRuntimeRows(parse.GetValue(ortBench), sizes, samplesValue, warmupValue, results);
            }

            results.Sort((a, b) => a.HiddenSize != b.HiddenSize ? a.HiddenSize.CompareTo(b.HiddenSize) : Order(a.Implementation).CompareTo(Order(b.Implementation)));
            if (note is not null)
            {
                Console.Error.WriteLine($"edge-lstm: note: {note}");
            }

            Console.WriteLine(parse.GetValue(json) ? StepLatency.ToJson(results) : ToTable(results));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static int RunSteps(int size, string which, int count)
    {
        if (count < 0)
        {
            throw new ArgumentException("--steps must be at least 0");
        }

        var model = BenchModels.Create(size);
        var inputs = BenchModels.Inputs(model.Config.InputSize);
        ILstmStepper stepper = which switch
        {
            "float" => new FloatLstmStepper(model),
            "int8" => new Int8LstmStepper(WeightQuantiser.Quantise(model.Weights, BenchModels.InputScale)),
            _ => throw new ArgumentException("--steps needs --impl float or --impl int8"),
        };
        StepLatency.Run(stepper, inputs, count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} {which} steps at hidden {size} (int8 matvec path {Int8MatVec.Best}), output[0] = {stepper.Output[0]:G6}"));
        return ExitCodes.Ok;
    }

    private static string? OnnxRuntimeRows(string? benchPath, int[] sizes, int samples, int warmup, List<StepLatencyResult> results)
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return $"onnxruntime rows omitted: ONNX Runtime is the x64 test reference and is not run on {RuntimeInformation.ProcessArchitecture}";
        }

        var assembly = benchPath ?? FindBenchAssembly();
        if (assembly is null || !File.Exists(assembly))
        {
            return $"onnxruntime rows omitted: {BenchAssembly} not found; build it with 'dotnet build -c Release bench/EdgeLstm.Bench' or pass --ort-bench";
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { assembly, "ort", "--hidden", string.Join(',', sizes), "--samples", samples.ToString(CultureInfo.InvariantCulture), "--warmup", warmup.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new IOException($"could not start dotnet {assembly}");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            return $"onnxruntime rows omitted: {assembly} failed ({process.ExitCode}): {errors.Result.ReplaceLineEndings(" ").Trim()}";
        }

        try
        {
            results.AddRange(StepLatency.FromJson(output));
            return null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"onnxruntime rows omitted: {assembly} did not print the expected JSON ({e.Message})";
        }
    }

    private static string? FindBenchAssembly()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "edge-lstm.sln")))
            {
                continue;
            }

            return BenchConfigurations
                .Select(configuration => Path.Combine(dir.FullName, "bench", "EdgeLstm.Bench", "bin", configuration, "net10.0", BenchAssembly))
                .FirstOrDefault(File.Exists);
        }

        return null;
    }

    private static int[] ParseSizes(string text)
    {
        var sizes = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var h) && h is >= 1 and <= 4096 ? h : throw new ArgumentException($"--hidden: '{s}' is not a hidden size in 1..4096"))
            .ToArray();
        return sizes.Length > 0 ? sizes : throw new ArgumentException("--hidden: no sizes given");
    }

    private static int Order(string implementation) => implementation switch
    {
        "float" => 0,
        "int8" => 1,
        "int8 path" => 2,
        "int8 path+unc" => 3,
        _ => 4,
    };

    private static string ToTable(List<StepLatencyResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string> { $"hidden  impl          p50 (ns)   p99 (ns)   alloc B/step   (int8 matvec path {Int8MatVec.Best})" };
        lines.AddRange(results.Select(r => string.Create(c, $"{r.HiddenSize,6}  {r.Implementation,-12} {r.NanosecondsP50,9:F0}  {r.NanosecondsP99,9:F0}   {r.AllocatedBytesPerStep,12:F1}")));
        return string.Join(Environment.NewLine, lines);
    }
}
