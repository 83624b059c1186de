using System.Diagnostics;
using EdgeLstm.Messaging.Connection;
using EdgeLstm.Messaging.Options;
using MQTTnet;

namespace EdgeLstm.Messaging.Publishing;

/// <summary>
/// Keeps one MQTT client connected to one of the configured brokers. MQTTnet 5 has no managed
/// client, so this is its recommended loop: wait for a reported loss or a keep-alive period, probe
/// with TryPingAsync, and when the link is gone ConnectAsync again, to the NEXT broker of the list,
/// with capped exponential backoff and jitter between attempts. The DisconnectedAsync handler only
/// records the loss and wakes the loop, because reconnecting from inside it can deadlock the client.
/// </summary>
internal sealed class ConnectionSupervisor : IDisposable
{
    private static readonly TimeSpan AnnounceFirstRetry = TimeSpan.FromMilliseconds(500);

    // A retained publish costs the broker little; a status that names a dead node misleads a dashboard.
    private static readonly TimeSpan AnnounceLongestRetry = TimeSpan.FromSeconds(5);

    private readonly MqttPublisherOptions _options;
    private readonly Func<BrokerAddress, MqttClientOptionsFactory.Will> _will;
    private readonly Func<CancellationToken, Task<bool>> _announce;
    private readonly Action<string>? _log;
    private readonly MqttProtocol?[] _spokenBy;

    // Completed while the link is usable (connected); replaced by a fresh one when it drops.
    private TaskCompletionSource _linkUp = NewSignal();

    // Completed by the DisconnectedAsync handler to wake the loop early.
    private TaskCompletionSource _linkLost = NewSignal();

    private Task _loop = Task.CompletedTask;
    private int _index;
    private long _reconnects;
    private long _upSince = long.MaxValue;
    private bool _everConnected;

    // True while this connection's announcement has not all been accepted; retried with backoff while connected.
    private bool _announcePending;
    private TimeSpan _announceRetry;
    private volatile BrokerAddress? _broker;
    private volatile string? _lastError;
    private volatile bool _stopping;

    /// <param name="will">The Last Will for a connection to the given broker ("offline", retained).</param>
    /// <param name="announce">
    /// Runs after every successful connect (retained status and meta), while predictions already flow;
    /// false when a publish failed, and then it runs again while the connection lasts.
    /// </param>
    public ConnectionSupervisor(MqttPublisherOptions options, Func<BrokerAddress, MqttClientOptionsFactory.Will> will, Func<CancellationToken, Task<bool>> announce, Action<string>? log)
    {
        _options = options;
        _will = will;
        _announce = announce;
        _log = log;
        _spokenBy = new MqttProtocol?[options.Brokers.Count];
        Client = new MqttClientFactory().CreateMqttClient();
        Client.DisconnectedAsync += OnDisconnectedAsync;
    }

    public IMqttClient Client { get; }

    public bool IsConnected => Client.IsConnected;

    /// <summary>The broker of the current (or last) connection; null before the first.</summary>
    public BrokerAddress? Broker => _broker;

    /// <summary>The MQTT version of the current connection (5 until a connection says otherwise).</summary>
    public MqttProtocol Spoken { get; private set; } = MqttProtocol.V5;

    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>The last connection or publish error as one line, or null while all is well.</summary>
    public string? LastError => _lastError;

    /// <summary>
    /// The <see cref="Stopwatch"/> timestamp at which the current (or last) connection
    /// came up; <see cref="long.MaxValue"/> before the first. A prediction enqueued before it waited out an outage.
    /// </summary>
    public long UpSince => Interlocked.Read(ref _upSince);

    /// <summary>Completed while the link is usable; the sender waits on it.</summary>
    public Task LinkUp => Volatile.Read(ref _linkUp).Task;

    /// <summary>One attempt at each broker in turn until one accepts; the last failure when none does.</summary>
    public async Task<MqttConnectException?> ConnectFirstAsync(CancellationToken cancellationToken)
    {
        MqttConnectException? failure = null;
        for (var tried = 0; tried < _options.Brokers.Count; tried++)
        {
            failure = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                return null;
            }

            _index = (_index + 1) % _options.Brokers.Count;
        }

        return failure;
    }

    /// <summary>Starts the background loop.</summary>
    public void Start(bool connected, CancellationToken stop) =>
        _loop = Task.Run(() => SuperviseAsync(connected, stop), CancellationToken.None);

    /// <summary>Waits for the loop after its token was cancelled; from then on a disconnect is not reported as a loss.</summary>
    public Task StoppedAsync()
    {
        _stopping = true;
        return _loop;
    }

    /// <summary>Remembers an error (logging it once, not at every backoff step while a broker stays down).</summary>
    public void Record(string error)
    {
        var previous = _lastError;
        _lastError = error;
        if (!string.Equals(previous, error, StringComparison.Ordinal))
        {
            _log?.Invoke(error);
        }
    }

    /// <summary>A publish error: kept for <see cref="LastError"/> but not logged (there may be one per frame).</summary>
    public void RecordQuietly(string error) => _lastError = error;

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Record($"disconnect failed: {ConnectFailure.OneLine(ex.Message)}");
        }
    }

    public void Dispose()
    {
        Client.DisconnectedAsync -= OnDisconnectedAsync;
        Client.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        // Only bookkeeping here: MQTTnet 5 must not be reconnected from its own disconnect handler.
        CloseLink();
        Volatile.Read(ref _linkLost).TrySetResult();
        if (args.ClientWasConnected && !_stopping)
        {
            var why = args.Exception is null ? args.Reason.ToString() : ConnectFailure.OneLine(args.Exception.Message);
            Record($"connection to {_broker} lost: {why}");
        }

        return Task.CompletedTask;
    }

    private void CloseLink()
    {
        var current = Volatile.Read(ref _linkUp);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _linkUp, NewSignal(), current);
        }
    }

    /// <summary>One attempt at the current broker, then the announcement; returns the failure instead of throwing it.</summary>
    private async Task<MqttConnectException?> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        var index = _index;
        var broker = _options.Brokers[index];
        Volatile.Write(ref _linkLost, NewSignal());
        var outcome = await BrokerConnector.ConnectAsync(Client, _options, broker, _spokenBy[index], _will(broker), cancellationToken).ConfigureAwait(false);
        if (outcome.Failure is { } failure)
        {
            Record(failure.Message);
            return failure;
        }

        _spokenBy[index] = outcome.Spoken;
        Spoken = outcome.Spoken;
        _broker = broker;
        if (_everConnected)
        {
            Interlocked.Increment(ref _reconnects);
        }

        _everConnected = true;
        _lastError = null;
        _log?.Invoke($"connected to {broker} as {_options.ClientId} (MQTT {outcome.Spoken.ToName()})");

        // Predictions flow at once; the retained status and meta follow on the same client. A clustered
        // broker may hold a QoS 1 retained publish for seconds after a node loss (NATS re-elects the
        // leader of its retained-message stream), and the queue would overflow meanwhile.
        Interlocked.Exchange(ref _upSince, Stopwatch.GetTimestamp());
        Volatile.Read(ref _linkUp).TrySetResult();
        _announceRetry = AnnounceFirstRetry;
        _announcePending = !await _announce(cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task SuperviseAsync(bool connected, CancellationToken stop)
    {
        var backoff = _options.ReconnectMinDelay;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (connected || Client.IsConnected)
                {
                    connected = false;
                    backoff = _options.ReconnectMinDelay;

                    // Wake on a reported disconnect, or after a keep-alive period to probe a half-open link
                    // (sooner while the announcement still waits to be accepted).
                    var lost = Volatile.Read(ref _linkLost).Task;
                    var wait = _announcePending ? _announceRetry : _options.KeepAlive;
                    await Task.WhenAny(lost, Task.Delay(wait, stop)).ConfigureAwait(false);
                    if (_announcePending && !lost.IsCompleted && Client.IsConnected)
                    {
                        _announceRetry = TimeSpan.FromTicks(Math.Min(_announceRetry.Ticks * 2, Math.Min(AnnounceLongestRetry.Ticks, _options.KeepAlive.Ticks)));
                        _announcePending = !await _announce(stop).ConfigureAwait(false);
                        if (!_announcePending)
                        {
                            connected = true;
                            continue;
                        }

                        // Refused or timed out again: the ping below tells a slow broker from a dead link.
                    }

                    if (Client.IsConnected && await Client.TryPingAsync(stop).ConfigureAwait(false))
                    {
                        connected = true;
                        continue;
                    }

                    // Lost: the broker we were on is the least likely to answer now; start with the next one.
                    NextBroker();
                    continue;
                }

                CloseLink();
                if (await ConnectOnceAsync(stop).ConfigureAwait(false) is null)
                {
                    connected = true;
                    continue;
                }

                NextBroker();
                await Task.Delay(WithJitter(backoff), stop).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private void NextBroker() => _index = (_index + 1) % _options.Brokers.Count;

    // Up to +50 % random jitter, so a fleet that lost the same broker does not reconnect in lockstep.
    private TimeSpan WithJitter(TimeSpan delay)
    {
        var jittered = delay.TotalMilliseconds * (1.0 + (0.5 * Random.Shared.NextDouble()));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, _options.ReconnectMaxDelay.TotalMilliseconds));
    }
}
