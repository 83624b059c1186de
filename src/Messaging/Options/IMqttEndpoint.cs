namespace EdgeLstm.Messaging.Options;

/// <summary>What publisher and subscriber share to reach a broker.</summary>
internal interface IMqttEndpoint
{
    Uri BrokerUri { get; }

    string Host { get; }

    int Port { get; }

    bool UseTls { get; }

    string ClientId { get; }

    MqttCredentials? Credentials { get; }

    MqttTlsSettings? Tls { get; }

    TimeSpan ConnectTimeout { get; }

    TimeSpan KeepAlive { get; }
}
