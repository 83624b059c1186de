using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EdgeLstm.Worker.Hosting;

/// <summary>
/// The service side of sd_notify(3): one datagram a message to the AF_UNIX socket systemd names in
/// $NOTIFY_SOCKET (a path, or an abstract name written with a leading '@'). Without that variable
/// (not under systemd, or Type=simple) every method does nothing, so callers need no checks.
/// Sending never throws: a lost notification must not take the worker down; systemd's own
/// timeouts decide what a missing READY=1 or WATCHDOG=1 means.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private readonly UnixDomainSocketEndPoint? _endPoint;
    private readonly Lock _gate = new();
    private Socket? _socket;
    private bool _disposed;

    /// <summary>From the process environment: $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID.</summary>
    public SystemdNotifier()
        : this(
            Environment.GetEnvironmentVariable("NOTIFY_SOCKET"),
            Environment.GetEnvironmentVariable("WATCHDOG_USEC"),
            Environment.GetEnvironmentVariable("WATCHDOG_PID"),
            Environment.ProcessId)
    {
    }

    /// <summary>From explicit values, as systemd would set them (for tests and for callers that cleared the environment).</summary>
    public SystemdNotifier(string? notifySocket, string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (!string.IsNullOrEmpty(notifySocket))
        {
            // An abstract socket has no file; systemd writes its leading NUL as '@'.
            var path = notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket;
            _endPoint = new UnixDomainSocketEndPoint(path);
        }

        WatchdogInterval = ParseWatchdog(watchdogUsec, watchdogPid, processId);
    }

    /// <summary>True under a systemd unit with Type=notify (a notification socket was given).</summary>
    public bool IsEnabled => _endPoint is not null;

    /// <summary>WatchdogSec= of the unit when the watchdog is meant for this process; null otherwise.</summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>Start-up is complete: systemd marks the unit active and releases units ordered after it.</summary>
    public bool Ready() => Send("READY=1");

    /// <summary>One line shown by `systemctl status` (e.g. frame rate and broker state).</summary>
    public bool Status(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // The protocol is newline-separated KEY=VALUE: a newline inside would start a bogus assignment.
        return Send("STATUS=" + text.ReplaceLineEndings(" "));
    }

    /// <summary>Liveness ping; within WatchdogSec of the last one or systemd kills and restarts the service.</summary>
    public bool Watchdog() => Send("WATCHDOG=1");

    /// <summary>Shutdown has begun: systemd shows "deactivating" instead of waiting in "active".</summary>
    public bool Stopping() => Send("STOPPING=1");

    /// <summary>Sends one raw notification (newline-separated assignments). False when not under systemd or when it failed.</summary>
    public bool Send(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_endPoint is null)
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(state);
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            try
            {
                _socket ??= new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
                _socket.SendTo(bytes, SocketFlags.None, _endPoint);
                return true;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // systemd restarted or the socket vanished: open a fresh socket on the next message.
                _socket?.Dispose();
                _socket = null;
                return false;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _socket?.Dispose();
            _socket = null;
        }
    }

    private static TimeSpan? ParseWatchdog(string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (!long.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out var micros) || micros <= 0)
        {
            return null;
        }

        // sd_watchdog_enabled(3): WATCHDOG_PID names the process the watchdog is for; a child that
        // inherited the environment must not ping on its parent's behalf.
        if (!string.IsNullOrEmpty(watchdogPid)
            && (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != processId))
        {
            return null;
        }

        return TimeSpan.FromMicroseconds(micros);
    }
}
