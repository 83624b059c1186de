using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

namespace EdgeLstm.Messaging.Broker;

/// <summary>
/// In-process MQTT broker (MQTTnet.Server) on 127.0.0.1, the worker's default when no broker is
/// configured, so mosquitto_sub or a dashboard on the same machine can subscribe at once. Loopback
/// only: an unauthenticated broker must not be reachable from the network. Retained messages and
/// Last Wills are kept in memory for the broker's lifetime.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    public const int DefaultPort = 1883;
    private const int FreePortAttempts = 5;

    private readonly MqttServer _server;
    private int _disposed;

    private EmbeddedBroker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
    }

    /// <summary>The TCP port the broker listens on (the chosen one when started with port 0).</summary>
    public int Port { get; }

    /// <summary>mqtt://127.0.0.1:Port, ready for <c>MqttPublisherOptionsBuilder.WithBroker</c>.</summary>
    public Uri Uri => new($"mqtt://127.0.0.1:{Port}");

    /// <summary>
    /// Starts the broker on 127.0.0.1:<paramref name="port"/>; port 0 picks a free port. Throws
    /// <see cref="SocketException"/> (AddressAlreadyInUse) when a fixed port is taken.
    /// </summary>
    public static async Task<EmbeddedBroker> StartAsync(int port = DefaultPort, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // MQTTnet does not report the port it bound, so port 0 is resolved here; another process
            // may grab it in between, hence the retry.
            var chosen = port == 0 ? FindFreeLoopbackPort() : port;
            var server = CreateServer(chosen);
            try
            {
                await server.StartAsync().ConfigureAwait(false);
                return new EmbeddedBroker(server, chosen);
            }
            catch (SocketException ex) when (port == 0 && ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < FreePortAttempts)
            {
                server.Dispose();
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _server.StopAsync(new MqttServerStopOptionsBuilder().Build()).ConfigureAwait(false);
        }
        finally
        {
            _server.Dispose();
        }
    }

    private static MqttServer CreateServer(int port)
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
            .WithDefaultEndpointPort(port)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        server.ValidatingConnectionAsync += AssignIdentifierWhenMissing;
        return server;
    }

    // mosquitto_sub and many dashboards connect with an empty client id and expect the broker to
    // assign one (MQTT 3.1.1 §3.1.3.1, MQTT 5 §3.2.2.3.7); MQTTnet refuses such clients unless told to.
    private static Task AssignIdentifierWhenMissing(ValidatingConnectionEventArgs e)
    {
        if (string.IsNullOrEmpty(e.ClientId))
        {
            e.AssignedClientIdentifier = "edge-lstm-auto-" + Guid.NewGuid().ToString("N")[..12];
        }

        return Task.CompletedTask;
    }

    private static int FindFreeLoopbackPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
