using EdgeLstm.Messaging.Broker;
using EdgeLstm.Messaging.Options;

namespace EdgeLstm.Worker.Service;

/// <summary>Where and how predictions are published. Empty strings mean "not set".</summary>
public sealed class MqttSettings
{
    public const string Embedded = "embedded";

    /// <summary>
    /// Empty or "embedded" for the in-process broker on 127.0.0.1, else mqtt://host[:port] or
    /// mqtts://host[:port]; several separated by commas for failover (mqtt://a:1883,mqtt://b:1883).
    /// </summary>
    public string Broker { get; set; } = string.Empty;

    /// <summary>"5" (default), "3.1.1", or "auto" (5, falling back to 3.1.1 when the broker refuses it).</summary>
    public string ProtocolVersion { get; set; } = MqttProtocolNames.V5;

    /// <summary>Port of the embedded broker.</summary>
    public int EmbeddedPort { get; set; } = EmbeddedBroker.DefaultPort;

    public string TopicPrefix { get; set; } = MqttPublisherOptionsBuilder.DefaultTopicPrefix;

    /// <summary>QoS of predictions (0, 1 or 2); status and meta always use 1.</summary>
    public int Qos { get; set; }

    public string Username { get; set; } = string.Empty;

    /// <summary>File whose first line is the password (keeps it out of the configuration and of `ps`).</summary>
    public string PasswordFile { get; set; } = string.Empty;

    /// <summary>Environment variable holding the password (alternative to <see cref="PasswordFile"/>).</summary>
    public string PasswordEnvVar { get; set; } = string.Empty;

    /// <summary>CA certificate (PEM) the broker's certificate must chain to; needs mqtts://.</summary>
    public string CaFile { get; set; } = string.Empty;

    /// <summary>Client certificate (PEM) for mutual TLS, with <see cref="ClientKeyFile"/>.</summary>
    public string ClientCertFile { get; set; } = string.Empty;

    public string ClientKeyFile { get; set; } = string.Empty;

    /// <summary>Predictions held while the network is slow or down; past this the oldest is dropped.</summary>
    public int QueueCapacity { get; set; } = MqttPublisherOptionsBuilder.DefaultQueueCapacity;

    /// <summary>Longest wait between reconnection attempts (the wait doubles from 0.25 s up to this).</summary>
    public double ReconnectMaxSeconds { get; set; } = 5;

    public bool IsEmbedded => string.IsNullOrWhiteSpace(Broker) || Broker.Trim().Equals(Embedded, StringComparison.OrdinalIgnoreCase);

    /// <summary>The URI the publisher connects to: the embedded broker's loopback address or <see cref="Broker"/>.</summary>
    public string BrokerUriText => IsEmbedded ? $"mqtt://127.0.0.1:{EmbeddedPort}" : Broker.Trim();
}
