using System.Diagnostics;
using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Worker.Service;

/// <summary>
/// Releases recorded events no earlier than their time allows: event k waits until
/// start + (t_k − t_0) / speed on the monotonic clock, so a replay or the simulator behaves like a
/// live sensor. The schedule is anchored at the first event rather than advanced event by event,
/// so late wake-ups never accumulate into drift. At <see cref="ReplaySpeed.Max"/> events pass through.
/// </summary>
public static class PacedEvents
{
    public static IEnumerable<SensorEvent> Pace(IEnumerable<SensorEvent> events, ReplaySpeed speed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        return speed.IsMax ? events : Paced(events, speed.Factor, cancellationToken);
    }

    private static IEnumerable<SensorEvent> Paced(IEnumerable<SensorEvent> events, double factor, CancellationToken cancellationToken)
    {
        var started = false;
        long firstEventNs = 0;
        long startTicks = 0;
        var ticksPerEventNs = Stopwatch.Frequency / 1e9 / factor;
        foreach (var e in events)
        {
            if (!started)
            {
                started = true;
                firstEventNs = e.TimestampNs;
                startTicks = Stopwatch.GetTimestamp();
            }
            else
            {
                var due = startTicks + (long)((e.TimestampNs - firstEventNs) * ticksPerEventNs);
                WaitUntil(due, cancellationToken);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            yield return e;
        }
    }

    private static void WaitUntil(long dueTicks, CancellationToken cancellationToken)
    {
        // Whole milliseconds, rounded up: up to 1 ms late, like a polled sensor, but never spinning
        // on a small machine whose two cores the predictor and the broker share.
        var remaining = dueTicks - Stopwatch.GetTimestamp();
        while (remaining > 0 && !cancellationToken.IsCancellationRequested)
        {
            var milliseconds = (int)Math.Clamp(((remaining * 1000) + Stopwatch.Frequency - 1) / Stopwatch.Frequency, 1, 1000);
            cancellationToken.WaitHandle.WaitOne(milliseconds);
            remaining = dueTicks - Stopwatch.GetTimestamp();
        }
    }
}
