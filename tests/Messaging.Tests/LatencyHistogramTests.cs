using EdgeLstm.Messaging.Diagnostics;

namespace EdgeLstm.Messaging.Tests;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_Are_Within_The_Bucket_Width_Of_The_Exact_Ones()
    {
        var histogram = new LatencyHistogram();
        var random = new Random(3);
        var values = Enumerable.Range(0, 100_000).Select(_ => (long)(20_000 * Math.Exp(random.NextDouble() * 3))).ToArray();
        foreach (var v in values)
        {
            histogram.RecordNanoseconds(v);
        }

        Array.Sort(values);
        var summary = histogram.Summarize();
        Assert.Equal(values.Length, summary.Count);
        Assert.Equal(values[49_999] / 1000.0, summary.P50Micros, values[49_999] / 1000.0 * 0.07);
        Assert.Equal(values[98_999] / 1000.0, summary.P99Micros, values[98_999] / 1000.0 * 0.07);
        Assert.Equal(values[^1] / 1000.0, summary.MaxMicros, 1e-9);
    }

    [Fact]
    public void Buckets_Are_Ordered_And_Contain_Their_Values()
    {
        var previous = -1;
        for (long ns = 0; ns < 5_000_000; ns += 37)
        {
            var bucket = LatencyHistogram.BucketOf(ns);
            Assert.True(bucket >= previous);
            previous = bucket;
        }

        Assert.Equal(7, LatencyHistogram.BucketOf(7));
        Assert.InRange(LatencyHistogram.MidpointOf(LatencyHistogram.BucketOf(1_000_000)), 970_000, 1_035_000);
        Assert.True(LatencyHistogram.BucketOf(long.MaxValue) >= 0);
    }

    [Fact]
    public void Merged_Histograms_Give_The_Percentiles_Of_All_Values_Together()
    {
        var fast = new LatencyHistogram();
        var slow = new LatencyHistogram();
        for (var i = 0; i < 900; i++)
        {
            fast.RecordNanoseconds(10_000);
        }

        for (var i = 0; i < 100; i++)
        {
            slow.RecordNanoseconds(1_000_000);
        }

        var total = new LatencyHistogram();
        total.Add(fast);
        total.Add(slow);
        var summary = total.Summarize();
        Assert.Equal(1000, summary.Count);
        Assert.Equal(10.0, summary.P50Micros, 0.7);
        Assert.Equal(1000.0, summary.P99Micros, 70.0);
        Assert.Equal(1000.0, summary.MaxMicros, 1e-9);
    }

    [Fact]
    public void Empty_Histogram_Summarises_To_Zero() => Assert.Equal(default, new LatencyHistogram().Summarize());
}
