using System.Net.Sockets;
using System.Text;

namespace EdgeLstm.EndToEnd.Tests.Deploy;

/// <summary>
/// Plays systemd's side of sd_notify(3): a Unix datagram socket bound in a temporary directory,
/// whose path goes into NOTIFY_SOCKET, collecting every notification in the order it arrived.
/// </summary>
public sealed class FakeNotifySocket : IDisposable
{
    private readonly Socket _socket;
    private readonly string _directory;
    private readonly List<(TimeSpan At, string Message)> _received = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Thread _reader;

    public FakeNotifySocket()
    {
        // Short path: sun_path holds 108 bytes.
        _directory = Directory.CreateTempSubdirectory("elstm-notify-").FullName;
        Path = System.IO.Path.Combine(_directory, "notify");
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _reader = new Thread(Read) { IsBackground = true, Name = "fake systemd" };
        _reader.Start();
    }

    /// <summary>The value for NOTIFY_SOCKET.</summary>
    public string Path { get; }

    /// <summary>Every datagram so far, with the time since this socket was created.</summary>
    public IReadOnlyList<(TimeSpan At, string Message)> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public IReadOnlyList<string> Messages => [.. Received.Select(r => r.Message)];

    public int Count(string message) => Received.Count(r => r.Message.Split('\n').Contains(message));

    /// <summary>Waits until <paramref name="predicate"/> holds for the messages received, or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<string>, bool> predicate, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!predicate(Messages))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {what} within {timeout.TotalSeconds:0.#} s; received: [{string.Join(" | ", Messages.Select(m => m.ReplaceLineEndings("\\n")))}]");
            }

            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _reader.Join(TimeSpan.FromSeconds(2));
        Directory.Delete(_directory, recursive: true);
    }

    private void Read()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var length = _socket.Receive(buffer);
                var message = Encoding.UTF8.GetString(buffer, 0, length);
                lock (_received)
                {
                    _received.Add((_clock.Elapsed, message));
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // disposed
        }
    }
}
