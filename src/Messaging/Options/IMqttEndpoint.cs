namespace EdgeLstm.Messaging.Options;

/// <summary>What publisher and subscriber share to reach a broker.</summary>
internal interface IMqttEndpoint
{
    /// <summary>The brokers to try, in order; at least one.</summary>
    IReadOnlyList<BrokerAddress> Brokers { get; }

    MqttProtocol Protocol { get; }

    string ClientId { get; }

    MqttCredentials? Credentials { get; }

    MqttTlsSettings? Tls { get; }

    TimeSpan ConnectTimeout { get; }

    TimeSpan KeepAlive { get; }
}
