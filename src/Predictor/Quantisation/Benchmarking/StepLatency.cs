using System.Diagnostics;
using EdgeLstm.Predictor.Prediction;

namespace EdgeLstm.Predictor.Quantisation.Benchmarking;

/// <summary>Per-step latency percentiles and allocation of one <see cref="ILstmStepper"/>.</summary>
public sealed record StepLatencyResult(int HiddenSize, string Implementation, double NanosecondsP50, double NanosecondsP99, double AllocatedBytesPerStep, int Samples);

/// <summary>
/// Measures single streaming steps the way the worker makes them: one frame, one call, state
/// carried. Each sample is one Step() between two Stopwatch timestamps (a new input is written
/// before the first), after a warm-up long enough for tiered JIT to reach its optimised code.
/// The timestamps' own cost (~20 ns with clock_gettime) is included, the same for every stepper.
/// </summary>
public static class StepLatency
{
    public static StepLatencyResult Measure(int hiddenSize, string implementation, ILstmStepper stepper, float[] inputs, int warmupSteps, int samples)
    {
        var inputSize = stepper.Input.Length;
        var available = inputs.Length / inputSize;
        Run(stepper, inputs, warmupSteps);
        var ticks = new long[samples];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var s = 0; s < samples; s++)
        {
            inputs.AsSpan(s % available * inputSize, inputSize).CopyTo(stepper.Input);
            var start = Stopwatch.GetTimestamp();
            stepper.Step();
            ticks[s] = Stopwatch.GetTimestamp() - start;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Array.Sort(ticks);
        var toNanoseconds = 1e9 / Stopwatch.Frequency;
        return new StepLatencyResult(
            hiddenSize,
            implementation,
            ticks[samples / 2] * toNanoseconds,
            ticks[Math.Min(samples - 1, (int)(samples * 0.99))] * toNanoseconds,
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
}
