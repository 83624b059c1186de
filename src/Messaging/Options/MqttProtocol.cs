namespace EdgeLstm.Messaging.Options;

/// <summary>The MQTT version to speak: 5 (the default), 3.1.1, or 5 with a fall-back to 3.1.1.</summary>
public enum MqttProtocol
{
    /// <summary>MQTT 5: message expiry, content type and payload format on every message.</summary>
    V5,

    /// <summary>MQTT 3.1.1, for brokers that speak nothing newer (nats-server, RabbitMQ, many managed brokers).</summary>
    V311,

    /// <summary>Tries MQTT 5 and falls back to 3.1.1 when the broker refuses the protocol version.</summary>
    Auto,
}

/// <summary>The names users type for <see cref="MqttProtocol"/>: "5", "3.1.1", "auto".</summary>
public static class MqttProtocolNames
{
    public const string V5 = "5";
    public const string V311 = "3.1.1";
    public const string Auto = "auto";

    /// <summary>Throws <see cref="InvalidMqttOptionException"/> naming <paramref name="optionName"/> for anything else.</summary>
    public static MqttProtocol Parse(string? text, string optionName = "ProtocolVersion") => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "5" or "5.0" or "v5" => MqttProtocol.V5,
        "3.1.1" or "311" or "v311" or "4" => MqttProtocol.V311,
        "auto" => MqttProtocol.Auto,
        _ => throw new InvalidMqttOptionException(optionName, $"'{text}' is not an MQTT version; expected 5, 3.1.1 or auto"),
    };

    public static string ToName(this MqttProtocol protocol) => protocol switch
    {
        MqttProtocol.V5 => V5,
        MqttProtocol.V311 => V311,
        _ => Auto,
    };
}
