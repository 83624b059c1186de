using System.Text.Json.Nodes;
using EdgeLstm.Messaging.Connection;
using EdgeLstm.Messaging.Diagnostics;
using EdgeLstm.Messaging.Options;
using EdgeLstm.Messaging.Payload;

namespace EdgeLstm.Messaging.Publishing;

/// <summary>
/// Publishes the predictions, status and meta of one robot over MQTT 5 or 3.1.1, to the first
/// broker of a list that answers. A façade over three parts with one job each: the
/// <see cref="ConnectionSupervisor"/> (connect, probe, reconnect, fail over), the
/// <see cref="PredictionSender"/> (drains the <see cref="Ring"/> while the link is up) and the
/// <see cref="RetainedTopics"/> (status, meta, Last Will).
/// </summary>
/// <remarks>
/// The producer hands finished predictions to <see cref="Ring"/> and never waits for the network:
/// the ring is bounded and drops its oldest prediction when the broker cannot keep up.
/// </remarks>
public sealed class MqttPredictionPublisher : IAsyncDisposable
{
    private static readonly TimeSpan DisposeFlushTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ShutdownPublishTimeout = TimeSpan.FromSeconds(2);

    private readonly ConnectionSupervisor _link;
    private readonly PredictionSender _sender;
    private readonly RetainedTopics _retained;
    private readonly CancellationTokenSource _stop = new();
    private Task _sending = Task.CompletedTask;
    private int _started;
    private int _disposed;

    /// <param name="options">Validated options.</param>
    /// <param name="log">Receives one line per connection event (connected, lost, failed); never the password.</param>
    public MqttPredictionPublisher(MqttPublisherOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Ring = new PredictionRing(options.QueueCapacity, options.MaxPathPoses);
        _link = new ConnectionSupervisor(options, broker => _retained!.Will(broker), cancellationToken => _retained!.AnnounceAsync(cancellationToken), log);
        _retained = new RetainedTopics(options, _link, LinkDetails);
        _sender = new PredictionSender(options, Ring, _link);
    }

    public MqttPublisherOptions Options { get; }

    /// <summary>Where the producer puts finished predictions (see <see cref="PredictionRing.Enqueue"/>).</summary>
    public PredictionRing Ring { get; }

    public bool IsConnected => _link.IsConnected;

    /// <summary>The broker of the current (or last) connection, null before the first.</summary>
    public BrokerAddress? Broker => _link.Broker;

    /// <summary>The MQTT version of the current connection.</summary>
    public MqttProtocol Protocol => _link.Spoken;

    /// <summary>The last connection or publish error as one line, or null if none happened yet.</summary>
    public string? LastError => _link.LastError;

    public PublisherCounters Counters => new(
        _sender.Published,
        Ring.Dropped,
        _sender.Expired,
        _sender.Invalid,
        _sender.Failures,
        _link.Reconnects,
        Ring.Count);

    /// <summary>Frame-to-publish latency (the producer's step, then queue and network) of every publish since the start.</summary>
    public LatencyPercentiles Latency => _sender.Latency;

    /// <summary>
    /// As <see cref="Latency"/>, of the predictions enqueued and published on one connection only: the
    /// frames outside outages (a prediction queued across a reconnect is left out).
    /// </summary>
    public LatencyPercentiles LatencyOnOneConnection => _sender.LatencyOnOneConnection;

    /// <summary>The frame-to-publish histogram behind <see cref="Latency"/>, for percentiles over several publishers.</summary>
    public LatencyHistogram LatencyHistogram => _sender.LatencyHistogram;

    /// <summary>
    /// Makes the first connection attempt, then keeps connecting in the background. Does not throw
    /// when the broker is unreachable: see <see cref="IsConnected"/> and <see cref="LastError"/>.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => StartAsync(failFast: false, cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(CancellationToken)"/>; with <paramref name="failFast"/> a first round of
    /// attempts (each broker once) that fails throws <see cref="MqttConnectException"/> (one-line
    /// message: refused, bad credentials, not authorized, TLS, protocol version) and nothing is started.
    /// </summary>
    public async Task StartAsync(bool failFast, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The publisher is already started.");
        }

        var failure = await _link.ConnectFirstAsync(cancellationToken).ConfigureAwait(false);
        if (failure is not null && failFast)
        {
            Volatile.Write(ref _started, 0);
            throw failure;
        }

        _link.Start(failure is null, _stop.Token);
        _sending = Task.Run(() => _sender.RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Same as <see cref="PredictionRing.TryGetSlot"/> of <see cref="Ring"/>; false once disposed.</summary>
    public bool TryGetSlot(int pathPoses, out PredictionMessage slot) => Ring.TryGetSlot(pathPoses, out slot);

    /// <summary>Same as <see cref="PredictionRing.Commit"/> of <see cref="Ring"/>.</summary>
    public void Commit(PredictionMessage slot) => Ring.Commit(slot);

    /// <summary>
    /// Sets the retained status (state plus caller details) and publishes it now if connected; it is
    /// republished on every reconnect. Network failures are recorded in <see cref="LastError"/>, not thrown.
    /// </summary>
    public Task SetStatusAsync(RobotState state, JsonObject? details = null, CancellationToken cancellationToken = default) =>
        _retained.SetStatusAsync(state, details, cancellationToken);

    /// <summary>
    /// Publishes <paramref name="json"/> (model, rates, schema version) retained on the meta topic, with
    /// an "mqtt" object added (version, and the MQTT 5 properties a 3.1.1 connection dropped), now if
    /// connected and again on every reconnect.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not a JSON object.</exception>
    public Task PublishMetaAsync(string json, CancellationToken cancellationToken = default) =>
        _retained.SetMetaAsync(json, cancellationToken);

    /// <summary>Waits until every queued prediction has been sent; false when <paramref name="timeout"/> passes first.</summary>
    public Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _sender.FlushAsync(timeout, cancellationToken);

    /// <summary>Clean shutdown: flushes (up to 2 s), publishes status "offline", disconnects normally (so no Last Will).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Ring.Close();
        if (Volatile.Read(ref _started) != 0)
        {
            if (_link.IsConnected)
            {
                await _sender.FlushAsync(DisposeFlushTimeout, CancellationToken.None).ConfigureAwait(false);
            }

            await _stop.CancelAsync().ConfigureAwait(false);
            Ring.WakeConsumer();
            await Task.WhenAll(_link.StoppedAsync(), _sending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (_link.IsConnected)
            {
                using var timeout = new CancellationTokenSource(ShutdownPublishTimeout);
                await _retained.PublishOfflineAsync("shutdown", timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await _link.DisconnectAsync(timeout.Token).ConfigureAwait(false);
            }
        }

        _link.Dispose();
        _sender.Dispose();
        _stop.Dispose();
    }

    /// <summary>The status's "link" object: client, broker, MQTT version and the counters.</summary>
    private JsonObject LinkDetails()
    {
        var counters = Counters;
        return new JsonObject
        {
            ["client_id"] = Options.ClientId,
            ["broker"] = _link.Broker?.Text ?? Options.Brokers[0].Text,
            ["protocol"] = _link.Spoken.ToName(),
            ["published"] = counters.Published,
            ["dropped"] = counters.Dropped,
            ["expired"] = counters.Expired,
            ["publish_failures"] = counters.PublishFailures,
            ["reconnects"] = counters.Reconnects,
        };
    }
}
