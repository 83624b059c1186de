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
/// The robot's retained topics: status (state, caller details and the link's counters; "offline"
/// as the Last Will) and meta (the caller's JSON plus what this connection's MQTT version carries).
/// Both are kept here and sent again on every connect, because a broker restarted without
/// persistence, or a failover broker, may not have them; an announcement the broker refused or let
/// time out is sent again while that connection lasts (see <see cref="ConnectionSupervisor"/>).
/// </summary>
internal sealed class RetainedTopics
{
    private const string JsonContentType = "application/json";

    private readonly MqttPublisherOptions _options;
    private readonly ConnectionSupervisor _link;
    private readonly Func<JsonObject> _linkDetails;
    private readonly Lock _gate = new();
    private RobotState _state = RobotState.Online;
    private JsonObject? _details;
    private JsonObject? _meta;

    /// <param name="linkDetails">The publisher's counters for the status's "link" object, fresh at each call.</param>
    public RetainedTopics(MqttPublisherOptions options, ConnectionSupervisor link, Func<JsonObject> linkDetails)
    {
        _options = options;
        _link = link;
        _linkDetails = linkDetails;
    }

    /// <summary>Keeps the state and a deep copy of <paramref name="details"/>, and publishes them now if connected.</summary>
    public async Task SetStatusAsync(RobotState state, JsonObject? details, CancellationToken cancellationToken)
    {
        // Deep copy: the caller may keep mutating its object, and it is republished on reconnect.
        var copy = details?.DeepClone().AsObject();
        lock (_gate)
        {
            _state = state;
            _details = copy;
        }

        if (_link.IsConnected)
        {
            _ = await PublishAsync(_options.Topics.Status, StatusPayload(state, copy), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps <paramref name="json"/> as the meta and publishes it now if connected.</summary>
    /// <exception cref="ArgumentException">The text is not a JSON object.</exception>
    public async Task SetMetaAsync(string json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject meta;
        try
        {
            meta = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("meta must be a JSON object", nameof(json));
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"meta is not valid JSON: {ex.Message}", nameof(json), ex);
        }

        lock (_gate)
        {
            _meta = meta;
        }

        if (_link.IsConnected)
        {
            _ = await PublishAsync(_options.Topics.Meta, MetaPayload(meta), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Status, then meta: run by the supervisor after every connect, and again while it returns false
    /// (a publish refused or timed out, as a cluster that is re-electing its retained-message stream does).
    /// </summary>
    public async Task<bool> AnnounceAsync(CancellationToken cancellationToken)
    {
        RobotState state;
        JsonObject? details;
        JsonObject? meta;
        lock (_gate)
        {
            (state, details, meta) = (_state, _details, _meta);
        }

        var published = await PublishAsync(_options.Topics.Status, StatusPayload(state, details), cancellationToken).ConfigureAwait(false);
        if (meta is not null)
        {
            published &= await PublishAsync(_options.Topics.Meta, MetaPayload(meta), cancellationToken).ConfigureAwait(false);
        }

        return published;
    }

    /// <summary>The clean goodbye: "offline" with the caller's last details and <paramref name="reason"/>.</summary>
    public async Task PublishOfflineAsync(string reason, CancellationToken cancellationToken)
    {
        JsonObject? details;
        lock (_gate)
        {
            details = _details;
        }

        _ = await PublishAsync(_options.Topics.Status, StatusPayload(RobotState.Offline, details, reason), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Last Will for a connection to <paramref name="broker"/>: retained "offline", reason "connection lost".</summary>
    public MqttClientOptionsFactory.Will Will(BrokerAddress broker) =>
        new(_options.Topics.Status, StatusPayload(RobotState.Offline, null, "connection lost", broker));

    private byte[] StatusPayload(RobotState state, JsonObject? details, string? reason = null, BrokerAddress? broker = null)
    {
        var link = _linkDetails();
        if (broker is not null)
        {
            link["broker"] = broker.Text;
        }

        if (reason is not null)
        {
            link["reason"] = reason;
        }

        return StatusJson.Write(state, DateTimeOffset.UtcNow, details, link);
    }

    /// <summary>
    /// The caller's meta plus "mqtt": the version spoken and what became of the MQTT 5 properties.
    /// MQTT 3.1.1 has no message properties, so expiry, content type and payload format are dropped
    /// and meta says so (the payload is JSON either way; the worker still discards stale predictions).
    /// </summary>
    private byte[] MetaPayload(JsonObject meta)
    {
        var copy = meta.DeepClone().AsObject();
        var v5 = _link.Spoken == MqttProtocol.V5;
        var mqtt = new JsonObject
        {
            ["protocol"] = _link.Spoken.ToName(),
            ["content_type"] = JsonContentType,
            ["prediction_expiry_s"] = _options.PredictionExpirySeconds,
        };
        if (!v5)
        {
            mqtt["dropped_properties"] = new JsonArray("message_expiry_interval", "content_type", "payload_format_indicator");
            mqtt["note"] = $"MQTT 3.1.1 carries no message properties: the broker keeps predictions without expiry (the worker discards those older than {_options.PredictionExpirySeconds} s before sending; subscribers can compare 't'), and every payload is application/json";
        }

        copy["mqtt"] = mqtt;
        return Encoding.UTF8.GetBytes(copy.ToJsonString());
    }

    /// <summary>One retained QoS 1 publish; false (and the error recorded) if it was refused or failed.</summary>
    private async Task<bool> PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithRetainFlag(true)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (_link.Spoken == MqttProtocol.V5)
        {
            builder.WithContentType(JsonContentType).WithPayloadFormatIndicator(MqttPayloadFormatIndicator.CharacterData);
        }

        try
        {
            var result = await _link.Client.PublishAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                _link.Record($"broker refused {topic}: {result.ReasonCode}");
            }

            return result.IsSuccess;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _link.Record($"publish to {topic} failed: {ConnectFailure.OneLine(ex.Message)}");
            return false;
        }
    }
}
