using System.Diagnostics;
using System.Globalization;

namespace EdgeLstm.Worker.Hosting;

/// <summary>
/// Keeps the one-line STATUS= that `systemctl status edge-lstm` shows current: the frame rate
/// over the last interval plus whatever the caller adds (broker state, drops). Runs beside the
/// loop, never inside it, and does nothing when not under systemd.
/// </summary>
public static class SystemdStatusLoop
{
    /// <summary>
    /// Every <paramref name="interval"/> until cancelled: "STATUS=12.0 frames/s, " + <paramref name="detail"/>().
    /// <paramref name="frames"/> is a running count of frames (or predictions) the loop has completed.
    /// </summary>
    public static async Task RunAsync(SystemdNotifier notifier, TimeSpan interval, Func<long> frames, Func<string> detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(detail);
        if (!notifier.IsEnabled)
        {
            return;
        }

        var lastFrames = frames();
        var lastAt = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var count = frames();
                var now = Stopwatch.GetTimestamp();
                var rate = (count - lastFrames) / Stopwatch.GetElapsedTime(lastAt, now).TotalSeconds;
                lastFrames = count;
                lastAt = now;
                notifier.Status(string.Create(CultureInfo.InvariantCulture, $"{rate:0.0} frames/s, {detail()}"));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}
