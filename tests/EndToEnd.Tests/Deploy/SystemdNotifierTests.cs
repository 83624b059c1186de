using System.Globalization;
using EdgeLstm.Worker.Hosting;

namespace EdgeLstm.EndToEnd.Tests.Deploy;

/// <summary>
/// The real <see cref="SystemdNotifier"/> and <see cref="LoopWatchdog"/> against a fake systemd
/// notification socket: what a Type=notify unit with WatchdogSec= would receive.
/// </summary>
public sealed class SystemdNotifierTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Sends_Ready_Status_Watchdog_And_Stopping_As_Datagrams()
    {
        using var systemd = new FakeNotifySocket();
        using var notifier = new SystemdNotifier(systemd.Path, "10000000", null, Environment.ProcessId);

        Assert.True(notifier.IsEnabled);
        Assert.Equal(TimeSpan.FromSeconds(10), notifier.WatchdogInterval);
        Assert.True(notifier.Ready());
        Assert.True(notifier.Status("10.0 fps\nbroker connected"));
        Assert.True(notifier.Watchdog());
        Assert.True(notifier.Stopping());

        await systemd.WaitForAsync(m => m.Count == 4, Patience, "four notifications");
        Assert.Equal(["READY=1", "STATUS=10.0 fps broker connected", "WATCHDOG=1", "STOPPING=1"], systemd.Messages);
    }

    [Fact]
    public async Task Reaches_An_Abstract_Socket_Written_With_An_At_Sign()
    {
        var name = "edge-lstm-test-" + Guid.NewGuid().ToString("N");
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint("\0" + name));
        using var notifier = new SystemdNotifier("@" + name, null, null, Environment.ProcessId);

        Assert.True(notifier.Ready());
        var buffer = new byte[64];
        using var timeout = new CancellationTokenSource(Patience);
        var length = await listener.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, timeout.Token);
        Assert.Equal("READY=1", System.Text.Encoding.UTF8.GetString(buffer, 0, length));
    }

    [Fact]
    public void Does_Nothing_Outside_Systemd()
    {
        using var notifier = new SystemdNotifier(null, null, null, Environment.ProcessId);
        var watchdog = new LoopWatchdog(notifier);

        Assert.False(notifier.IsEnabled);
        Assert.Null(notifier.WatchdogInterval);
        Assert.False(notifier.Ready());
        Assert.False(notifier.Watchdog());
        Assert.False(watchdog.IsEnabled);
        watchdog.Progress();
        Assert.Equal(0, watchdog.Pings);
    }

    [Theory]
    [InlineData("", null, false)]
    [InlineData("0", null, false)]
    [InlineData("garbage", null, false)]
    [InlineData("5000000", null, true)]
    [InlineData("5000000", "self", true)]
    [InlineData("5000000", "1", false)]
    public void Watchdog_Applies_Only_To_The_Process_WATCHDOG_PID_Names(string usec, string? pid, bool enabled)
    {
        var watchdogPid = pid == "self" ? Environment.ProcessId.ToString(CultureInfo.InvariantCulture) : pid;
        using var notifier = new SystemdNotifier("/nonexistent/notify", usec, watchdogPid, Environment.ProcessId);

        Assert.Equal(enabled, notifier.WatchdogInterval is not null);
    }

    [Fact]
    public void Sending_To_A_Vanished_Socket_Returns_False_Instead_Of_Throwing()
    {
        using var notifier = new SystemdNotifier(Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "notify"), "1000000", null, Environment.ProcessId);

        Assert.False(notifier.Watchdog());
    }

    [Fact]
    public async Task Pings_At_Most_Every_Half_Interval_And_Only_After_Progress()
    {
        using var systemd = new FakeNotifySocket();
        using var notifier = new SystemdNotifier(systemd.Path, "10000000", null, Environment.ProcessId);
        var clock = new ManualTimeProvider();
        var watchdog = new LoopWatchdog(notifier, clock);
        Assert.Equal(TimeSpan.FromSeconds(5), watchdog.PingInterval);

        // 10 frames a second for 12 s: a ping at 5 s and at 10 s, none in between.
        for (var frame = 0; frame < 120; frame++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            watchdog.Progress();
        }

        Assert.Equal(2, watchdog.Pings);

        // The loop stalls for a minute: no frames, no pings, whatever the clock does.
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(2, watchdog.Pings);

        // The first frame after the stall pings at once (it is long past due).
        watchdog.Progress();
        Assert.Equal(3, watchdog.Pings);
        await systemd.WaitForAsync(m => m.Count == 3, Patience, "three pings");
        Assert.All(systemd.Messages, m => Assert.Equal("WATCHDOG=1", m));
    }

    [Fact]
    public async Task A_Stalled_Loop_Stops_The_Pings_In_Real_Time()
    {
        using var systemd = new FakeNotifySocket();

        // WatchdogSec=0.4 s: a ping every 0.2 s at most while frames flow.
        using var notifier = new SystemdNotifier(systemd.Path, "400000", null, Environment.ProcessId);
        var watchdog = new LoopWatchdog(notifier);
        using var stop = new CancellationTokenSource();
        var loop = Task.Run(() =>
        {
            notifier.Ready();
            while (!stop.IsCancellationRequested)
            {
                watchdog.Progress();
                Thread.Sleep(10);
            }
        });

        await systemd.WaitForAsync(m => m.Count(x => x == "WATCHDOG=1") >= 3, Patience, "three watchdog pings from a running loop");
        await stop.CancelAsync();
        await loop;
        var pingsAtStall = systemd.Count("WATCHDOG=1");

        // Two full watchdog intervals without progress.
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        Assert.Equal(pingsAtStall, systemd.Count("WATCHDOG=1"));
        Assert.Equal("READY=1", systemd.Messages[0]);

        // And the spacing never beat half the interval.
        var pings = systemd.Received.Where(r => r.Message == "WATCHDOG=1").Select(r => r.At).ToList();
        for (var i = 1; i < pings.Count; i++)
        {
            Assert.True(pings[i] - pings[i - 1] >= TimeSpan.FromMilliseconds(150), $"pings {i - 1} and {i} only {(pings[i] - pings[i - 1]).TotalMilliseconds:0} ms apart");
        }
    }
}
