namespace EdgeLstm.Messaging.Options;

/// <summary>
/// Validated settings of a <see cref="Subscribing.PredictionSubscriber"/>; built by
/// <see cref="MqttPublisherOptionsBuilder.BuildSubscriberOptions"/>.
/// </summary>
public sealed class PredictionSubscriberOptions : IMqttEndpoint
{
    internal PredictionSubscriberOptions(MqttPublisherOptionsBuilder.Values values, MqttCredentials? credentials)
    {
        Brokers = values.Brokers;
        Protocol = values.Protocol;
        ShareGroup = values.ShareGroup;
        TopicPrefix = values.TopicPrefix;
        RobotFilter = values.RobotId ?? "+";
        ClientId = values.ClientId ?? $"edge-lstm-watch-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray(), 0, 4)}";
        Credentials = credentials;
        Tls = values.Tls;
        ConnectTimeout = values.ConnectTimeout;
        KeepAlive = values.KeepAlive;
    }

    /// <summary>The brokers in order of preference; the subscriber connects to the first that answers.</summary>
    public IReadOnlyList<BrokerAddress> Brokers { get; }

    /// <summary>The first broker.</summary>
    public Uri BrokerUri => Brokers[0].Uri;

    /// <summary>MQTT 5 (default), 3.1.1 or auto.</summary>
    public MqttProtocol Protocol { get; }

    /// <summary>
    /// A shared-subscription group: with it the subscriber reads $share/GROUP/{prefix}/{robot}/prediction,
    /// so that consumers of one group split the predictions between them (each reaches one of them).
    /// </summary>
    public string? ShareGroup { get; }

    public string TopicPrefix { get; }

    /// <summary>One robot id, or "+" for every robot under the prefix.</summary>
    public string RobotFilter { get; }

    public string ClientId { get; }

    public MqttCredentials? Credentials { get; }

    public MqttTlsSettings? Tls { get; }

    public TimeSpan ConnectTimeout { get; }

    public TimeSpan KeepAlive { get; }

    public string PredictionFilter => ShareGroup is null
        ? $"{TopicPrefix}/{RobotFilter}/{MqttTopics.PredictionLevel}"
        : $"$share/{ShareGroup}/{TopicPrefix}/{RobotFilter}/{MqttTopics.PredictionLevel}";

    public string StatusFilter => $"{TopicPrefix}/{RobotFilter}/{MqttTopics.StatusLevel}";

    public override string ToString() =>
        $"broker={string.Join(',', Brokers)} mqtt={Protocol.ToName()} filter={TopicPrefix}/{RobotFilter}/# client={ClientId}" +
        (Credentials is null ? string.Empty : $" user={Credentials}") +
        (Tls is null ? string.Empty : $" ca={Tls.CaFile}");
}
