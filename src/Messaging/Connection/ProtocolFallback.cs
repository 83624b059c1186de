using MQTTnet;

namespace EdgeLstm.Messaging.Connection;

/// <summary>Recognises a broker's "not this MQTT version" answers, for the auto protocol setting.</summary>
internal static class ProtocolFallback
{
    // An MQTT 3.1.1 CONNACK's return code 1, "unacceptable protocol version", read by MQTTnet's MQTT 5
    // decoder as a reason code it has no name for (nats-server 2.9 answers MQTT 5 this way).
    private const int V311UnacceptableProtocolVersion = 1;

    public static bool IsVersionRefusal(MqttClientConnectResult result) =>
        result.ResultCode is MqttClientConnectResultCode.UnsupportedProtocolVersion
        || (int)result.ResultCode == V311UnacceptableProtocolVersion;

    /// <summary>
    /// Worth a second attempt in MQTT 3.1.1: a refused version, or a broker that closed the connection
    /// during the handshake without a CONNACK (RabbitMQ's MQTT plugin answers MQTT 5 so). A refused
    /// socket, a timeout, TLS or credential failures would fail the same way in 3.1.1.
    /// </summary>
    public static bool MayBeVersionRefusal(MqttConnectException failure) =>
        failure.Kind is ConnectFailureKind.ProtocolVersion or ConnectFailureKind.Other;
}
