namespace EdgeLstm.Messaging.Options;

/// <summary>
/// Validated settings of a <see cref="Subscribing.PredictionSubscriber"/>; built by
/// <see cref="MqttPublisherOptionsBuilder.BuildSubscriberOptions"/>.
/// </summary>
public sealed class PredictionSubscriberOptions : IMqttEndpoint
{
    internal PredictionSubscriberOptions(MqttPublisherOptionsBuilder.Values values, MqttCredentials? credentials)
    {
        BrokerUri = values.BrokerUri;
        Host = values.BrokerUri.IdnHost;
        Port = values.BrokerUri.Port;
        UseTls = values.BrokerUri.Scheme == MqttPublisherOptionsBuilder.SecureScheme;
        TopicPrefix = values.TopicPrefix;
        RobotFilter = values.RobotId ?? "+";
        ClientId = values.ClientId ?? $"edge-lstm-watch-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray(), 0, 4)}";
        Credentials = credentials;
        Tls = values.Tls;
        ConnectTimeout = values.ConnectTimeout;
        KeepAlive = values.KeepAlive;
    }

    public Uri BrokerUri { get; }

    public string Host { get; }

    public int Port { get; }

    public bool UseTls { get; }

    public string TopicPrefix { get; }

    /// <summary>One robot id, or "+" for every robot under the prefix.</summary>
    public string RobotFilter { get; }

    public string ClientId { get; }

    public MqttCredentials? Credentials { get; }

    public MqttTlsSettings? Tls { get; }

    public TimeSpan ConnectTimeout { get; }

    public TimeSpan KeepAlive { get; }

    public string PredictionFilter => $"{TopicPrefix}/{RobotFilter}/{MqttTopics.PredictionLevel}";

    public string StatusFilter => $"{TopicPrefix}/{RobotFilter}/{MqttTopics.StatusLevel}";

    public override string ToString() =>
        $"broker={BrokerUri.GetLeftPart(UriPartial.Authority)} filter={TopicPrefix}/{RobotFilter}/# client={ClientId}" +
        (Credentials is null ? string.Empty : $" user={Credentials}") +
        (Tls is null ? string.Empty : $" ca={Tls.CaFile}");
}
