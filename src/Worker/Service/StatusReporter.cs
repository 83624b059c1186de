using System.Diagnostics;
using System.Text.Json.Nodes;
using EdgeLstm.Messaging.Diagnostics;
using EdgeLstm.Messaging.Payload;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Sensors.Devices;

namespace EdgeLstm.Worker.Service;

/// <summary>
/// Keeps the retained status topic truthful: polls sensor health (and tells the pipeline to flag
/// frames while a sensor is degraded), and republishes the status when the state or its reason
/// changes, after every reconnection (with what the outage cost), and as a periodic heartbeat with
/// fresh counters. Runs beside the pipeline, never inside it.
/// </summary>
public sealed class StatusReporter
{
    private readonly MqttPredictionPublisher _publisher;
    private readonly PredictionPipeline _pipeline;
    private readonly Func<SensorHealth>? _health;
    private readonly string _source;
    private readonly Action<string>? _log;

    private RobotState _state = RobotState.Online;
    private string _reason = "ok";
    private long _reconnects;
    private long _lastPublished = -1;

    public StatusReporter(MqttPredictionPublisher publisher, PredictionPipeline pipeline, Func<SensorHealth>? health, string source, Action<string>? log)
    {
        _publisher = publisher;
        _pipeline = pipeline;
        _health = health;
        _source = source;
        _log = log;
    }

    /// <summary>How often health and counters are checked.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the status is republished when nothing changed.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    public RobotState State => _state;

    /// <summary>The first status, before the pipeline runs.</summary>
    public Task PublishInitialAsync(CancellationToken cancellationToken)
    {
        _lastPublished = Stopwatch.GetTimestamp();
        return _publisher.SetStatusAsync(_state, Details(), cancellationToken);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await CheckAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>One poll: health, reconnections, heartbeat.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var health = SafeHealth();
        _pipeline.ReportSensorFault(!health.IsOk);
        var state = health.IsOk ? RobotState.Online : RobotState.Degraded;
        var reason = health.IsOk ? "ok" : health.Reason;
        var counters = _publisher.Counters;

        var changed = state != _state || !string.Equals(reason, _reason, StringComparison.Ordinal);
        if (changed)
        {
            _log?.Invoke(state == RobotState.Online ? $"sensors recovered: status {state.ToWireName()}" : $"sensors degraded: {reason}");
        }

        var reconnected = counters.Reconnects != _reconnects;
        if (reconnected)
        {
            _log?.Invoke($"reconnected to the broker ({counters.Reconnects} reconnection(s)); {Lost(counters)} prediction(s) lost so far ({counters.Dropped} dropped from the full queue, {counters.Expired} expired while waiting)");
        }

        _state = state;
        _reason = reason;
        _reconnects = counters.Reconnects;
        var heartbeat = Stopwatch.GetElapsedTime(_lastPublished) >= HeartbeatInterval;
        if ((changed || reconnected || heartbeat) && _publisher.IsConnected)
        {
            _lastPublished = Stopwatch.GetTimestamp();
            await _publisher.SetStatusAsync(state, Details(), cancellationToken);
        }
    }

    /// <summary>Worker details on the status topic; the publisher adds its own "link" counters.</summary>
    public JsonObject Details()
    {
        var pipeline = _pipeline.Counters;
        var link = _publisher.Counters;
        var step = _pipeline.StepLatency.Summarize();
        var publish = _publisher.Latency;
        var details = new JsonObject
        {
            ["source"] = _source,
            ["sensors"] = _reason,
            ["frames"] = pipeline.Frames,
            ["predictions"] = pipeline.Predictions,
            ["published"] = link.Published,
            ["dropped"] = Lost(link),
            ["reconnects"] = link.Reconnects,
            ["fault_frames"] = pipeline.FaultFrames,
            ["time_jumps"] = pipeline.TimeJumps,
            ["step_us"] = new JsonObject { ["p50"] = Math.Round(step.P50Micros, 1), ["p99"] = Math.Round(step.P99Micros, 1) },
            ["publish_us"] = new JsonObject { ["p50"] = Math.Round(publish.P50Micros, 1), ["p99"] = Math.Round(publish.P99Micros, 1) },
            ["guard"] = GuardStatus.Describe(_pipeline.Predictor),
            ["memory"] = new JsonObject
            {
                // Resident set and managed heap: what an operator watches for leaks on a long run.
                ["rss_bytes"] = Environment.WorkingSet,
                ["heap_bytes"] = ManagedHeapBytes(),
            },
        };
        if (_state != RobotState.Online)
        {
            details["reason"] = _reason;
        }

        return details;
    }

    /// <summary>Every prediction that was made but will never reach the broker.</summary>
    public static long Lost(PublisherCounters counters) => counters.Dropped + counters.Expired + counters.Invalid + counters.PublishFailures;

    private SensorHealth SafeHealth()
    {
        try
        {
            return _health?.Invoke() ?? SensorHealth.Healthy;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return SensorHealth.Degraded("health check failed: " + e.Message);
        }
    }

    // The heap after the last collection. GC.GetTotalMemory is no substitute on a busy run: under the
    // regions GC it can underflow to a negative number (dotnet/runtime#106712; the soak saw -1.5 MB).
    // Before the first collection (an allocation-free worker may not have had one) there is no last
    // collection to describe, and the bytes allocated so far are the heap.
    private static long ManagedHeapBytes()
    {
        var last = GC.GetGCMemoryInfo();
        return last.Index > 0 ? last.HeapSizeBytes : Math.Max(0, GC.GetTotalMemory(forceFullCollection: false));
    }
}
