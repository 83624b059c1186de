namespace EdgeLstm.Worker.Hosting;

/// <summary>
/// Feeds systemd's watchdog from the predictor loop itself: the loop calls <see cref="Progress"/>
/// once a frame, and that call sends WATCHDOG=1 when half the watchdog interval has passed since
/// the last ping. A free-running timer would keep pinging while the loop hangs in a sensor read;
/// here a loop that stops making progress stops the pings, and systemd restarts the service after
/// WatchdogSec. Without a watchdog (not under systemd, no WatchdogSec) it costs one branch a frame.
/// </summary>
public sealed class LoopWatchdog
{
    private readonly SystemdNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly long _pingEveryTicks;
    private long _lastPing;
    private long _pings;

    public LoopWatchdog(SystemdNotifier notifier, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        _notifier = notifier;
        _time = time ?? TimeProvider.System;
        if (notifier.IsEnabled && notifier.WatchdogInterval is { } interval)
        {
            // Half the interval, as sd_watchdog_enabled(3) advises, leaves room for one late frame.
            PingInterval = interval / 2;
            _pingEveryTicks = Math.Max(1, (long)(PingInterval.Value.TotalSeconds * _time.TimestampFrequency));
        }

        _lastPing = _time.GetTimestamp();
    }

    /// <summary>True when systemd expects pings from this process.</summary>
    public bool IsEnabled => _pingEveryTicks > 0;

    /// <summary>Least time between two pings; null without a watchdog.</summary>
    public TimeSpan? PingInterval { get; }

    /// <summary>WATCHDOG=1 messages sent so far.</summary>
    public long Pings => Interlocked.Read(ref _pings);

    /// <summary>
    /// The loop completed a frame. Allocation-free; at most one datagram every <see cref="PingInterval"/>.
    /// Safe to call from several threads, though one loop thread is the intended caller.
    /// </summary>
    public void Progress()
    {
        if (_pingEveryTicks == 0)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastPing);
        if (now - last < _pingEveryTicks || Interlocked.CompareExchange(ref _lastPing, now, last) != last)
        {
            return;
        }

        if (_notifier.Watchdog())
        {
            Interlocked.Increment(ref _pings);
        }
    }
}
