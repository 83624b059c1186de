using System.Globalization;
using EdgeLstm.Tools.Bench;

namespace EdgeLstm.Bench;

/// <summary>
/// <c>EdgeLstm.Bench ort --hidden 32,64,128 [--samples N] [--warmup N]</c>: the ONNX Runtime rows
/// of <c>edge-lstm bench</c>, measured with the same <see cref="StepLatency"/> code on the same
/// seeded models, printed as its JSON.
/// </summary>
internal static class OrtLatencyMode
{
    public const string Name = "ort";

    public static int Run(string[] args)
    {
        var hidden = new[] { 32, 64, 128 };
        var samples = 100_000;
        var warmup = 20_000;
        for (var a = 0; a + 1 < args.Length; a += 2)
        {
            switch (args[a])
            {
                case "--hidden":
                    hidden = [.. args[a + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
                    break;
                case "--samples":
                    samples = int.Parse(args[a + 1], CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    warmup = int.Parse(args[a + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[a]}; expected --hidden, --samples, --warmup");
                    return 2;
            }
        }

        var results = new List<StepLatencyResult>();
        foreach (var size in hidden)
        {
            var model = BenchModels.Create(size);
            using var stepper = new OrtLstmStepper(model);
            results.Add(StepLatency.Measure(size, "onnxruntime", stepper, BenchModels.Inputs(model.Config.InputSize), warmup, samples));
        }

        Console.WriteLine(StepLatency.ToJson(results));
        return 0;
    }
}
