using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeLstm.Messaging.Connection;
using EdgeLstm.Messaging.Options;
using EdgeLstm.Messaging.Payload;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeLstm.Messaging.Publishing;

/// <summary>
/// Publishes predictions, status and meta of one robot over MQTT 5.
/// </summary>
/// <remarks>
/// The predictor fills preallocated slots (<see cref="TryGetSlot"/>, <see cref="Commit"/>) and never
/// waits for the network: a bounded drop-oldest queue separates it from a sender task that
/// serialises and publishes. A supervisor task keeps the connection alive with MQTTnet 5's
/// recommended loop (TryPingAsync, then ConnectAsync with capped exponential backoff and jitter);
/// the DisconnectedAsync handler only records the loss and wakes the supervisor, because
/// reconnecting from inside it can deadlock the client.
/// </remarks>
public sealed class MqttPredictionPublisher : IAsyncDisposable
{
    private const string JsonContentType = "application/json";
    private const int LatencySamples = 8192;
    private static readonly TimeSpan DisposeFlushTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ShutdownPublishTimeout = TimeSpan.FromSeconds(2);

    private readonly MqttPublisherOptions _options;
    private readonly Action<string>? _log;
    private readonly IMqttClient _client;
    private readonly PredictionRing _ring;
    private readonly AsyncSignal _queueSignal = new();
    private readonly PredictionJsonWriter _json;
    private readonly MqttApplicationMessage _predictionMessage;
    private readonly LatencyRecorder _latency = new(LatencySamples);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _statusGate = new();

    // Completed while the link is usable (connected and status sent); replaced by a fresh one when it drops.
    private TaskCompletionSource _linkUp = NewSignal();

    // Completed by the DisconnectedAsync handler to wake the supervisor early.
    private TaskCompletionSource _linkLost = NewSignal();

    private Task _supervisor = Task.CompletedTask;
    private Task _sender = Task.CompletedTask;
    private RobotState _state = RobotState.Online;
    private JsonObject? _details;
    private byte[]? _meta;
    private long _published;
    private long _expired;
    private long _invalid;
    private long _publishFailures;
    private long _reconnects;
    private int _inFlight;
    private int _started;
    private int _disposed;
    private bool _everConnected;
    private volatile string? _lastError;

    /// <param name="options">Validated options.</param>
    /// <param name="log">Receives one line per connection event (connected, lost, failed); never the password.</param>
    public MqttPredictionPublisher(MqttPublisherOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _log = log;
        _ring = new PredictionRing(options.QueueCapacity, options.MaxPathPoses);
        _json = new PredictionJsonWriter(options.MaxPathPoses);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += OnDisconnectedAsync;

        // One message object reused for every prediction: only its payload changes.
        _predictionMessage = new MqttApplicationMessageBuilder()
            .WithTopic(options.Topics.Prediction)
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)options.Qos)
            .WithRetainFlag(false)
            .WithContentType(JsonContentType)
            .WithPayloadFormatIndicator(MqttPayloadFormatIndicator.CharacterData)
            .WithMessageExpiryInterval(options.PredictionExpirySeconds)
            .Build();
    }

    public MqttPublisherOptions Options => _options;

    public bool IsConnected => _client.IsConnected;

    /// <summary>The last connection or publish error as one line, or null if none happened yet.</summary>
    public string? LastError => _lastError;

    public PublisherCounters Counters => new(
        Interlocked.Read(ref _published),
        _ring.Dropped,
        Interlocked.Read(ref _expired),
        Interlocked.Read(ref _invalid),
        Interlocked.Read(ref _publishFailures),
        Interlocked.Read(ref _reconnects),
        _ring.Count);

    /// <summary>Frame-to-publish latency (slot stamp to publish completion) over the last 8192 publishes.</summary>
    public LatencySummary Latency => _latency.Summarize();

    /// <summary>
    /// Makes the first connection attempt, then keeps connecting in the background. Does not throw
    /// when the broker is unreachable: see <see cref="IsConnected"/> and <see cref="LastError"/>.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => StartAsync(failFast: false, cancellationToken);

    /// <summary>
    /// As <see cref="StartAsync(CancellationToken)"/>; with <paramref name="failFast"/> a failed first
    /// attempt throws <see cref="MqttConnectException"/> (one-line message: refused, bad credentials,
    /// not authorized, TLS) and nothing is started, for commands that should stop with a clear error.
    /// </summary>
    public async Task StartAsync(bool failFast, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The publisher is already started.");
        }

        var failure = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
        if (failure is not null && failFast)
        {
            Volatile.Write(ref _started, 0);
            throw failure;
        }

        var stop = _stop.Token;
        _supervisor = Task.Run(() => SuperviseAsync(failure is null, stop), CancellationToken.None);
        _sender = Task.Run(() => SendAsync(stop), CancellationToken.None);
    }

    /// <summary>
    /// Producer side: a slot for a prediction of <paramref name="pathPoses"/> poses, stamped with the
    /// current Stopwatch time. Allocates nothing and never blocks on the network. False when
    /// <paramref name="pathPoses"/> exceeds <see cref="MqttPublisherOptions.MaxPathPoses"/> or the
    /// publisher is disposed. One producer thread only.
    /// </summary>
    public bool TryGetSlot(int pathPoses, out PredictionMessage slot)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            slot = null!;
            return false;
        }

        return _ring.TryGetSlot(pathPoses, out slot);
    }

    /// <summary>Producer side: queues a filled slot; when the queue is full the oldest prediction is dropped and counted.</summary>
    public void Commit(PredictionMessage slot)
    {
        _ring.Commit(slot);
        _queueSignal.Set();
    }

    /// <summary>
    /// Sets the retained status (state plus caller details) and publishes it now if connected; it is
    /// republished on every reconnect. Network failures are recorded in <see cref="LastError"/>, not thrown.
    /// </summary>
    public async Task SetStatusAsync(RobotState state, JsonObject? details = null, CancellationToken cancellationToken = default)
    {
        // Deep copy: the caller may keep mutating its object, and we republish it on reconnect.
        var copy = details?.DeepClone().AsObject();
        lock (_statusGate)
        {
            _state = state;
            _details = copy;
        }

        if (_client.IsConnected)
        {
            await TryPublishRetainedAsync(_options.Topics.Status, BuildStatusPayload(state, copy), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Publishes <paramref name="json"/> (model, rates, schema version) retained on the meta topic,
    /// now if connected and again on every reconnect (a restarted broker without persistence forgets it).
    /// </summary>
    /// <exception cref="ArgumentException">The text is not JSON.</exception>
    public async Task PublishMetaAsync(string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"meta is not valid JSON: {ex.Message}", nameof(json), ex);
        }

        var payload = Encoding.UTF8.GetBytes(json);
        Volatile.Write(ref _meta, payload);
        if (_client.IsConnected)
        {
            await TryPublishRetainedAsync(_options.Topics.Meta, payload, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every queued prediction has been sent; false when <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            // In-flight is raised before a dequeue, so "empty and idle" cannot be seen mid-hand-over.
            if (Volatile.Read(ref _inFlight) == 0 && _ring.Count == 0)
            {
                return true;
            }

            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Clean shutdown: flushes (up to 2 s), publishes status "offline", disconnects normally (so no Last Will).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Volatile.Read(ref _started) != 0)
        {
            if (_client.IsConnected)
            {
                await FlushAsync(DisposeFlushTimeout).ConfigureAwait(false);
            }

            await _stop.CancelAsync().ConfigureAwait(false);
            _queueSignal.Set();
            await Task.WhenAll(_supervisor, _sender).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            if (_client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(ShutdownPublishTimeout);
                JsonObject? details;
                lock (_statusGate)
                {
                    details = _details;
                }

                await TryPublishRetainedAsync(_options.Topics.Status, BuildStatusPayload(RobotState.Offline, details, "shutdown"), timeout.Token).ConfigureAwait(false);
                try
                {
                    await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Record($"disconnect failed: {ConnectFailure.OneLine(ex.Message)}");
                }
            }
        }

        _client.DisconnectedAsync -= OnDisconnectedAsync;
        _client.Dispose();
        _json.Dispose();
        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        // Only bookkeeping here: MQTTnet 5 must not be reconnected from its own disconnect handler.
        CloseLink();
        Volatile.Read(ref _linkLost).TrySetResult();
        if (args.ClientWasConnected && Volatile.Read(ref _disposed) == 0)
        {
            var why = args.Exception is null ? args.Reason.ToString() : ConnectFailure.OneLine(args.Exception.Message);
            Record($"connection to {_options.BrokerUri.GetLeftPart(UriPartial.Authority)} lost: {why}");
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

    /// <summary>One connection attempt, then status and meta; returns the failure instead of throwing it.</summary>
    private async Task<MqttConnectException?> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.ConnectTimeout);
        MqttClientOptions clientOptions;
        try
        {
            var will = new MqttClientOptionsFactory.Will(_options.Topics.Status, BuildStatusPayload(RobotState.Offline, null, "connection lost"));
            clientOptions = MqttClientOptionsFactory.Create(_options, will);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            var unusable = ConnectFailure.FromTlsFiles(ex, _options);
            Record(unusable.Message);
            return unusable;
        }

        try
        {
            Volatile.Write(ref _linkLost, NewSignal());
            var result = await _client.ConnectAsync(clientOptions, attempt.Token).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                var rejected = ConnectFailure.FromResult(result, _options);
                Record(rejected.Message);
                return rejected;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var failure = ConnectFailure.FromException(ex, _options, timedOut: attempt.IsCancellationRequested);
            Record(failure.Message);
            return failure;
        }

        await AnnounceAsync(cancellationToken).ConfigureAwait(false);
        if (_everConnected)
        {
            Interlocked.Increment(ref _reconnects);
        }

        _everConnected = true;
        _lastError = null;
        _log?.Invoke($"connected to {_options.BrokerUri.GetLeftPart(UriPartial.Authority)} as {_options.ClientId}");
        Volatile.Read(ref _linkUp).TrySetResult();
        return null;
    }

    /// <summary>Status and meta are retained, but a broker restarted without persistence has lost them: send both on every connect.</summary>
    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        RobotState state;
        JsonObject? details;
        lock (_statusGate)
        {
            state = _state;
            details = _details;
        }

        await TryPublishRetainedAsync(_options.Topics.Status, BuildStatusPayload(state, details), cancellationToken).ConfigureAwait(false);
        if (Volatile.Read(ref _meta) is { } meta)
        {
            await TryPublishRetainedAsync(_options.Topics.Meta, meta, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SuperviseAsync(bool connected, CancellationToken stop)
    {
        var backoff = _options.ReconnectMinDelay;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (connected || _client.IsConnected)
                {
                    connected = false;
                    backoff = _options.ReconnectMinDelay;

                    // Wake on a reported disconnect, or after a keep-alive period to probe a half-open link.
                    await Task.WhenAny(Volatile.Read(ref _linkLost).Task, Task.Delay(_options.KeepAlive, stop)).ConfigureAwait(false);
                    if (_client.IsConnected && await _client.TryPingAsync(stop).ConfigureAwait(false))
                    {
                        connected = true;
                    }

                    continue;
                }

                CloseLink();
                if (await ConnectOnceAsync(stop).ConfigureAwait(false) is null)
                {
                    connected = true;
                    continue;
                }

                await Task.Delay(WithJitter(backoff), stop).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // shutting down
        }
    }

    // Up to +50 % random jitter, so a fleet that lost the same broker does not reconnect in lockstep.
    private TimeSpan WithJitter(TimeSpan delay)
    {
        var jittered = delay.TotalMilliseconds * (1.0 + (0.5 * Random.Shared.NextDouble()));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, _options.ReconnectMaxDelay.TotalMilliseconds));
    }

    private async Task SendAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var link = Volatile.Read(ref _linkUp).Task;
                if (!link.IsCompleted)
                {
                    // Link down: leave predictions queued (the queue drops the oldest past capacity).
                    await link.WaitAsync(stop).ConfigureAwait(false);
                    continue;
                }

                if (!_client.IsConnected)
                {
                    // The disconnect handler has not run yet; give it a moment rather than fail a publish.
                    await Task.Delay(10, stop).ConfigureAwait(false);
                    continue;
                }

                Volatile.Write(ref _inFlight, 1);
                if (!_ring.TryDequeue(out var slot))
                {
                    Volatile.Write(ref _inFlight, 0);
                    await _queueSignal.WaitAsync().ConfigureAwait(false);
                    continue;
                }

                try
                {
                    await PublishSlotAsync(slot, stop).ConfigureAwait(false);
                }
                finally
                {
                    Volatile.Write(ref _inFlight, 0);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task PublishSlotAsync(PredictionMessage slot, CancellationToken stop)
    {
        var enqueued = slot.EnqueuedTimestamp;
        if (Stopwatch.GetElapsedTime(enqueued) > _options.PredictionExpiry)
        {
            // Waited out an outage: the broker would expire it anyway, and it would mislead a late subscriber.
            _ring.Release(slot);
            Interlocked.Increment(ref _expired);
            return;
        }

        var written = _json.TryWrite(slot, out var payload);
        var seq = slot.Seq;
        _ring.Release(slot); // serialised into our buffer: the producer may reuse the slot now
        if (!written)
        {
            Interlocked.Increment(ref _invalid);
            _lastError = $"prediction {seq} has a NaN or infinite value; not published";
            return;
        }

        _predictionMessage.Payload = new ReadOnlySequence<byte>(payload);
        try
        {
            var result = await _client.PublishAsync(_predictionMessage, stop).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                Interlocked.Increment(ref _published);
                _latency.Record(enqueued, Stopwatch.GetTimestamp());
            }
            else
            {
                Interlocked.Increment(ref _publishFailures);
                _lastError = $"broker refused prediction {seq}: {result.ReasonCode}";
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _publishFailures);
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Connection lost mid-publish: the supervisor reconnects; this prediction is gone.
            Interlocked.Increment(ref _publishFailures);
            _lastError = $"publish of prediction {seq} failed: {ConnectFailure.OneLine(ex.Message)}";
        }
    }

    private async Task TryPublishRetainedAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithRetainFlag(true)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithContentType(JsonContentType)
            .WithPayloadFormatIndicator(MqttPayloadFormatIndicator.CharacterData)
            .Build();
        try
        {
            var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                Record($"broker refused {topic}: {result.ReasonCode}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Record($"publish to {topic} failed: {ConnectFailure.OneLine(ex.Message)}");
        }
    }

    private byte[] BuildStatusPayload(RobotState state, JsonObject? details, string? reason = null)
    {
        var counters = Counters;
        var link = new JsonObject
        {
            ["client_id"] = _options.ClientId,
            ["published"] = counters.Published,
            ["dropped"] = counters.Dropped,
            ["expired"] = counters.Expired,
            ["publish_failures"] = counters.PublishFailures,
            ["reconnects"] = counters.Reconnects,
        };
        if (reason is not null)
        {
            link["reason"] = reason;
        }

        return StatusJson.Write(state, DateTimeOffset.UtcNow, details, link);
    }

    private void Record(string error)
    {
        // Log a failure once, not at every backoff step while the broker stays down.
        var previous = _lastError;
        _lastError = error;
        if (!string.Equals(previous, error, StringComparison.Ordinal))
        {
            _log?.Invoke(error);
        }
    }
}
