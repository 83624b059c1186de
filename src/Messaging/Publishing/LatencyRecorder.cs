using System.Diagnostics;

namespace EdgeLstm.Messaging.Publishing;

/// <summary>Percentiles of frame-to-publish latency over the most recent samples.</summary>
public readonly record struct LatencySummary(int Samples, double P50Micros, double P99Micros, double MaxMicros);

/// <summary>
/// Keeps the last N frame-to-publish latencies in a preallocated ring (the sender records one per
/// publish without allocating); percentiles are computed on demand from a sorted copy.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly Lock _gate = new();
    private readonly double[] _samples;
    private long _written;

    public LatencyRecorder(int capacity) => _samples = new double[capacity];

    /// <param name="extraMicros">Time spent before <paramref name="fromTimestamp"/> that belongs to the span (the predictor step).</param>
    public void Record(long fromTimestamp, long toTimestamp, double extraMicros = 0)
    {
        var micros = ((toTimestamp - fromTimestamp) * 1_000_000.0 / Stopwatch.Frequency) + (double.IsFinite(extraMicros) && extraMicros > 0 ? extraMicros : 0);
        lock (_gate)
        {
            _samples[_written % _samples.Length] = micros;
            _written++;
        }
    }

    /// <summary>The kept samples, microseconds, oldest order not preserved: for merging several recorders.</summary>
    public double[] Samples()
    {
        lock (_gate)
        {
            return _samples.AsSpan(0, (int)Math.Min(_written, _samples.Length)).ToArray();
        }
    }

    public LatencySummary Summarize()
    {
        double[] copy;
        lock (_gate)
        {
            var n = (int)Math.Min(_written, _samples.Length);
            copy = _samples.AsSpan(0, n).ToArray();
        }

        if (copy.Length == 0)
        {
            return default;
        }

        Array.Sort(copy);
        return new LatencySummary(copy.Length, Percentile(copy, 0.50), Percentile(copy, 0.99), copy[^1]);
    }

    // Nearest-rank percentile: an actual observed value, no interpolation between samples.
    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
