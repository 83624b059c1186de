using System.Diagnostics;
using System.Text.Json;
using EdgeLstm.Messaging.Diagnostics;
using EdgeLstm.Predictor.Prediction;

namespace EdgeLstm.Tools.Bench;

/// <summary>Per-step latency percentiles and allocation of one <see cref="ILstmStepper"/>.</summary>
public sealed record StepLatencyResult(int HiddenSize, string Implementation, double NanosecondsP50, double NanosecondsP99, double AllocatedBytesPerStep, int Samples);

/// <summary>
/// Measures single streaming steps the way the worker makes them: one frame, one call, state
/// carried. Each sample is one Step() between two Stopwatch timestamps (a new input is written
/// before the first), after a warm-up (steps, and at least half a second) long enough for tiered
/// JIT to reach its optimised code.
/// The timestamps' own cost (~20 ns with clock_gettime) is included, the same for every stepper.
/// </summary>
public static class StepLatency
{
    private static readonly TimeSpan MinimumWarmup = TimeSpan.FromSeconds(0.5);

    public static StepLatencyResult Measure(int hiddenSize, string implementation, ILstmStepper stepper, float[] inputs, int warmupSteps, int samples)
    {
        var inputSize = stepper.Input.Length;
        var available = inputs.Length / inputSize;
        // Warm up for a number of steps and for some wall-clock time: tiered JIT promotes hot
        // methods only after a delay, so a fast step can finish its warm-up steps still unoptimised.
        var warmupStart = Stopwatch.GetTimestamp();
        do
        {
            Run(stepper, inputs, warmupSteps);
        }
        while (Stopwatch.GetElapsedTime(warmupStart) < MinimumWarmup && warmupSteps > 0);

        var latency = new LatencyHistogram();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var s = 0; s < samples; s++)
        {
            inputs.AsSpan(s % available * inputSize, inputSize).CopyTo(stepper.Input);
            var start = Stopwatch.GetTimestamp();
            stepper.Step();
            latency.RecordTicks(Stopwatch.GetTimestamp() - start);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var summary = latency.Summarize();
        return new StepLatencyResult(
            hiddenSize,
            implementation,
            summary.P50Micros * 1000,
            summary.P99Micros * 1000,
            allocated / (double)samples,
            samples);
    }

    /// <summary>Exactly <paramref name="steps"/> steps, untimed: the callgrind mode counts their instructions.</summary>
    public static void Run(ILstmStepper stepper, float[] inputs, int steps)
    {
        var inputSize = stepper.Input.Length;
        var available = inputs.Length / inputSize;
        for (var s = 0; s < steps; s++)
        {
            inputs.AsSpan(s % available * inputSize, inputSize).CopyTo(stepper.Input);
            stepper.Step();
        }
    }

    /// <summary><c>{"results":[{"hidden":64,"impl":"int8","ns_p50":N,"ns_p99":N,"alloc_bytes_per_step":0},...]}</c></summary>
    public static string ToJson(IEnumerable<StepLatencyResult> results)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("results");
            foreach (var r in results)
            {
                writer.WriteStartObject();
                writer.WriteNumber("hidden", r.HiddenSize);
                writer.WriteString("impl", r.Implementation);
                writer.WriteNumber("ns_p50", Math.Round(r.NanosecondsP50, 1));
                writer.WriteNumber("ns_p99", Math.Round(r.NanosecondsP99, 1));
                writer.WriteNumber("alloc_bytes_per_step", Math.Round(r.AllocatedBytesPerStep, 2));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads <see cref="ToJson"/>'s rows back (the bench project's ONNX Runtime rows).</summary>
    public static List<StepLatencyResult> FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("results").EnumerateArray().Select(e => new StepLatencyResult(
            e.GetProperty("hidden").GetInt32(),
            e.GetProperty("impl").GetString() ?? "?",
            e.GetProperty("ns_p50").GetDouble(),
            e.GetProperty("ns_p99").GetDouble(),
            e.GetProperty("alloc_bytes_per_step").GetDouble(),
            0))];
    }
}
