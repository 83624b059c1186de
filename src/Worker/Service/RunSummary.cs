using System.Globalization;
using System.Text;
using EdgeLstm.Messaging.Diagnostics;
using EdgeLstm.Messaging.Publishing;

namespace EdgeLstm.Worker.Service;

/// <summary>What a run did, printed at the end of a replay.</summary>
public sealed record RunSummary(
    long Frames,
    long Predictions,
    long Published,
    long Dropped,
    long Reconnects,
    LatencyPercentiles Step,
    LatencyPercentiles Publish,
    LatencyPercentiles PublishOnOneConnection,
    TimeSpan Elapsed)
{
    public double PredictionsPerSecond => Elapsed > TimeSpan.Zero ? Predictions / Elapsed.TotalSeconds : 0;

    public static RunSummary From(PredictionPipeline pipeline, MqttPredictionPublisher publisher, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(publisher);
        var counters = pipeline.Counters;
        var link = publisher.Counters;
        return new RunSummary(
            counters.Frames,
            counters.Predictions,
            link.Published,
            StatusReporter.Lost(link) + link.Queued,
            link.Reconnects,
            pipeline.StepLatency.Summarize(),
            publisher.Latency,
            publisher.LatencyOnOneConnection,
            elapsed);
    }

    /// <summary>One "name value" pair a line, aligned, easy to read and to grep.</summary>
    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"frames                   {Frames}");
        text.AppendLine(c, $"predictions              {Predictions}");
        text.AppendLine(c, $"published                {Published}");
        text.AppendLine(c, $"dropped                  {Dropped}");
        text.AppendLine(c, $"reconnects               {Reconnects}");
        text.AppendLine(c, $"elapsed                  {Elapsed.TotalSeconds:0.000} s");
        text.AppendLine(c, $"predictions/s            {PredictionsPerSecond:0}");
        text.AppendLine(c, $"step latency             p50 {Step.P50Micros:0.0} us  p99 {Step.P99Micros:0.0} us  max {Step.MaxMicros:0.0} us");
        text.AppendLine(c, $"frame-to-publish latency p50 {Publish.P50Micros:0.0} us  p99 {Publish.P99Micros:0.0} us  max {Publish.MaxMicros:0.0} us  ({Publish.Count} publishes)");
        var clear = PublishOnOneConnection;
        text.Append(c, $"  outside outages        p50 {clear.P50Micros:0.0} us  p99 {clear.P99Micros:0.0} us  max {clear.MaxMicros:0.0} us  ({clear.Count} publishes enqueued and sent on one connection)");
        return text.ToString();
    }
}
