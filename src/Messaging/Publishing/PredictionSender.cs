using System.Buffers;
using System.Diagnostics;
using EdgeLstm.Messaging.Connection;
using EdgeLstm.Messaging.Diagnostics;
using EdgeLstm.Messaging.Options;
using EdgeLstm.Messaging.Payload;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeLstm.Messaging.Publishing;

/// <summary>
/// The consumer side of the <see cref="PredictionRing"/>: while the link is up it takes the oldest
/// prediction, serialises it into a reused buffer and publishes it with a reused message object.
/// Every prediction it takes ends in exactly one counter: published, expired (waited out an
/// outage), invalid (NaN or infinity) or failed (connection lost mid-publish).
/// </summary>
internal sealed class PredictionSender : IDisposable
{
    private const string JsonContentType = "application/json";

    private readonly MqttPublisherOptions _options;
    private readonly PredictionRing _ring;
    private readonly ConnectionSupervisor _link;
    private readonly PredictionJsonWriter _json;
    private readonly LatencyHistogram _latency = new();
    private readonly LatencyHistogram _latencyOnOneConnection = new();

    // One message object per MQTT version, reused for every prediction: only the payload changes.
    private readonly MqttApplicationMessage _v5Message;
    private readonly MqttApplicationMessage _v311Message;

    private long _published;
    private long _expired;
    private long _invalid;
    private long _failures;
    private int _inFlight;

    public PredictionSender(MqttPublisherOptions options, PredictionRing ring, ConnectionSupervisor link)
    {
        _options = options;
        _ring = ring;
        _link = link;
        _json = new PredictionJsonWriter(options.MaxPathPoses);
        _v5Message = new MqttApplicationMessageBuilder()
            .WithTopic(options.Topics.Prediction)
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)options.Qos)
            .WithRetainFlag(false)
            .WithContentType(JsonContentType)
            .WithPayloadFormatIndicator(MqttPayloadFormatIndicator.CharacterData)
            .WithMessageExpiryInterval(options.PredictionExpirySeconds)
            .Build();

        // MQTT 3.1.1 has no properties: expiry and content type are dropped (and said so in meta).
        _v311Message = new MqttApplicationMessageBuilder()
            .WithTopic(options.Topics.Prediction)
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)options.Qos)
            .WithRetainFlag(false)
            .Build();
    }

    public long Published => Interlocked.Read(ref _published);

    public long Expired => Interlocked.Read(ref _expired);

    public long Invalid => Interlocked.Read(ref _invalid);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Frame-to-publish latency of every publish since the start.</summary>
    public LatencyPercentiles Latency => _latency.Summarize();

    /// <summary>
    /// Frame-to-publish latency of the predictions enqueued and published on the same connection: the
    /// frames outside outages. A prediction enqueued before the current connection came up waited out an
    /// outage (or the first connect) and is left out here, though not from <see cref="Latency"/>.
    /// </summary>
    public LatencyPercentiles LatencyOnOneConnection => _latencyOnOneConnection.Summarize();

    /// <summary>The histogram behind <see cref="Latency"/>, to merge with others (a fleet's total).</summary>
    public LatencyHistogram LatencyHistogram => _latency;

    /// <summary>Nothing queued and nothing being sent.</summary>
    public bool IsIdle => Volatile.Read(ref _inFlight) == 0 && _ring.Count == 0;

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var link = _link.LinkUp;
                if (!link.IsCompleted)
                {
                    // Link down: leave predictions queued (the ring drops the oldest past capacity).
                    await link.WaitAsync(stop).ConfigureAwait(false);
                    continue;
                }

                if (!_link.IsConnected)
                {
                    // The disconnect handler has not run yet; give it a moment rather than fail a publish.
                    await Task.Delay(10, stop).ConfigureAwait(false);
                    continue;
                }

                // In-flight is raised before a dequeue, so "empty and idle" cannot be seen mid-hand-over.
                Volatile.Write(ref _inFlight, 1);
                if (!_ring.TryDequeue(out var slot))
                {
                    Volatile.Write(ref _inFlight, 0);
                    await _ring.WaitForCommitAsync().ConfigureAwait(false);
                    continue;
                }

                try
                {
                    await PublishAsync(slot, stop).ConfigureAwait(false);
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

    /// <summary>Waits until every queued prediction has been sent; false when <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!IsIdle)
        {
            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                return false;
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public void Dispose() => _json.Dispose();

    private async Task PublishAsync(PredictionMessage slot, CancellationToken stop)
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
        var stepMicros = slot.LatencyMicros;
        _ring.Release(slot); // serialised into our buffer: the producer may reuse the slot now
        if (!written)
        {
            Interlocked.Increment(ref _invalid);
            _link.RecordQuietly($"prediction {seq} has a NaN or infinite value; not published");
            return;
        }

        var message = _link.Spoken == MqttProtocol.V5 ? _v5Message : _v311Message;
        message.Payload = new ReadOnlySequence<byte>(payload);
        try
        {
            var result = await _link.Client.PublishAsync(message, stop).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                Interlocked.Increment(ref _published);

                // Frame to publish: the producer's own step time, then queue and network.
                var stepNs = double.IsFinite(stepMicros) && stepMicros > 0 ? (long)(stepMicros * 1000) : 0;
                var latencyNs = LatencyHistogram.TicksToNanoseconds(Stopwatch.GetTimestamp() - enqueued) + stepNs;
                _latency.RecordNanoseconds(latencyNs);
                if (enqueued >= _link.UpSince)
                {
                    _latencyOnOneConnection.RecordNanoseconds(latencyNs);
                }
            }
            else
            {
                Interlocked.Increment(ref _failures);
                _link.RecordQuietly($"broker refused prediction {seq}: {result.ReasonCode}");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Connection lost mid-publish: the supervisor reconnects; this prediction is gone.
            Interlocked.Increment(ref _failures);
            _link.RecordQuietly($"publish of prediction {seq} failed: {ConnectFailure.OneLine(ex.Message)}");
        }
    }
}
