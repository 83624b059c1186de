using EdgeLstm.Worker.Errors;
using EdgeLstm.Worker.Service;
using Microsoft.Extensions.Configuration;

// Not "Recording": that name is taken by EdgeLstm.Predictor.Data.Recording, which a namespace would hide.
namespace EdgeLstm.Worker.Recording;

/// <summary>
/// The body of `edge-lstm record`: opens the configured source, records it until the time limit,
/// the end of the source or a stop signal, and prints the rows written and the sensor health.
/// </summary>
public static class RecordRunner
{
    public static int Run(IConfiguration configuration, string output, double? seconds, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (seconds is { } limit && !(double.IsFinite(limit) && limit > 0))
        {
            throw new ArgumentException($"--seconds: {limit} is not a positive number of seconds");
        }

        var target = RecordingTarget.For(output);
        using var plan = RecordingSource.Open(configuration);
        var source = plan.Sources.First();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (seconds is { } s)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(s));
        }

        RecordingSummary summary;
        using (var recorder = new SensorRecorder(target.WorkingPath, source, plan.Health, line => stderr.WriteLine($"edge-lstm: {line}")))
        {
            var length = seconds is { } l ? $"for {l:0.###} s" : "until Ctrl+C or SIGTERM";
            stdout.WriteLine($"edge-lstm: recording {plan.Description} to {target.WorkingPath} {length} (flushed every {recorder.FlushInterval.TotalSeconds:0.##} s)");
            stdout.Flush();
            summary = recorder.Record(PacedEvents.Pace(source.ReadEvents(stop.Token), plan.Speed, stop.Token), stop.Token);
        }

        target.Complete();
        var health = summary.Health.IsOk ? "ok" : $"degraded: {summary.Health.Reason}";
        var spells = summary.DegradedSpells > 0 ? $" ({summary.DegradedSpells} degraded spell(s) while recording)" : string.Empty;
        stdout.WriteLine($"edge-lstm: recorded {summary.Rows} rows in {summary.Elapsed.TotalSeconds:0.0} s ({summary.RowsPerSecond:0} rows/s) to {target.FinalPath}; {summary.Flushes} flushes, longest gap {summary.LongestFlushGap.TotalSeconds:0.00} s; sensors {health}{spells}");
        return ExitCodes.Ok;
    }
}
