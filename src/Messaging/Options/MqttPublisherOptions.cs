using System.Globalization;
using System.Text;

namespace EdgeLstm.Messaging.Options;

/// <summary>
/// Validated, immutable settings of a <see cref="Publishing.MqttPredictionPublisher"/>. Create with
/// <see cref="MqttPublisherOptionsBuilder"/>; every instance has passed <c>Build()</c>'s checks.
/// </summary>
public sealed class MqttPublisherOptions : IMqttEndpoint
{
    internal MqttPublisherOptions(MqttPublisherOptionsBuilder.Values values, MqttCredentials? credentials)
    {
        Brokers = values.Brokers;
        Protocol = values.Protocol;
        RobotId = values.RobotId!;
        TopicPrefix = values.TopicPrefix;
        ClientId = values.ClientId ?? $"edge-lstm-{values.RobotId}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray(), 0, 4)}";
        Qos = values.Qos;
        Credentials = credentials;
        Tls = values.Tls;
        QueueCapacity = values.QueueCapacity;
        MaxPathPoses = values.MaxPathPoses;
        ReconnectMinDelay = values.ReconnectMin;
        ReconnectMaxDelay = values.ReconnectMax;
        PredictionExpiry = values.PredictionExpiry;
        ConnectTimeout = values.ConnectTimeout;
        KeepAlive = values.KeepAlive;
        Topics = MqttTopics.For(TopicPrefix, RobotId);
    }

    /// <summary>The brokers in order of preference: the first is tried first, the next after a loss or refusal.</summary>
    public IReadOnlyList<BrokerAddress> Brokers { get; }

    /// <summary>The first broker.</summary>
    public Uri BrokerUri => Brokers[0].Uri;

    /// <summary>Host of <see cref="BrokerUri"/>; also the name the broker's TLS certificate must carry.</summary>
    public string Host => Brokers[0].Host;

    public int Port => Brokers[0].Port;

    /// <summary>True for mqtts:// brokers.</summary>
    public bool UseTls => Brokers[0].UseTls;

    /// <summary>MQTT 5 (default), 3.1.1 or auto.</summary>
    public MqttProtocol Protocol { get; }

    public string RobotId { get; }

    public string TopicPrefix { get; }

    public string ClientId { get; }

    /// <summary>QoS of prediction messages (0, 1 or 2). Status and meta always use QoS 1.</summary>
    public int Qos { get; }

    public MqttCredentials? Credentials { get; }

    /// <summary>CA and optional client certificate; null with mqtts:// means the system trust store.</summary>
    public MqttTlsSettings? Tls { get; }

    /// <summary>Predictions held while the network is slow or down; the oldest is dropped past this.</summary>
    public int QueueCapacity { get; }

    /// <summary>Poses each preallocated queue slot can hold (K of the model's 3K output).</summary>
    public int MaxPathPoses { get; }

    public TimeSpan ReconnectMinDelay { get; }

    public TimeSpan ReconnectMaxDelay { get; }

    /// <summary>MQTT 5 message expiry of predictions: a prediction is useless after its horizon.</summary>
    public TimeSpan PredictionExpiry { get; }

    /// <summary><see cref="PredictionExpiry"/> as the whole seconds MQTT carries, at least 1.</summary>
    public uint PredictionExpirySeconds => (uint)Math.Max(1, Math.Ceiling(PredictionExpiry.TotalSeconds));

    public TimeSpan ConnectTimeout { get; }

    public TimeSpan KeepAlive { get; }

    public MqttTopics Topics { get; }

    /// <summary>Safe to log: credentials show the user and where the password came from, never the password.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"broker={string.Join(',', Brokers)} mqtt={Protocol.ToName()} robot={RobotId} prefix={TopicPrefix} client={ClientId} qos={Qos}");
        text.Append(CultureInfo.InvariantCulture, $" queue={QueueCapacity} poses={MaxPathPoses} expiry={PredictionExpirySeconds}s");
        text.Append(CultureInfo.InvariantCulture, $" backoff={ReconnectMinDelay.TotalMilliseconds:0}..{ReconnectMaxDelay.TotalMilliseconds:0}ms");
        if (Credentials is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" user={Credentials}");
        }

        if (Tls is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" ca={Tls.CaFile}");
            if (Tls.HasClientCertificate)
            {
                text.Append(CultureInfo.InvariantCulture, $" cert={Tls.ClientCertificatePemFile}");
            }
        }

        return text.ToString();
    }
}
