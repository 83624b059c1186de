using EdgeLstm.Messaging.Options;

namespace EdgeLstm.Worker.Errors;

/// <summary>
/// Names a bad MQTT option by the configuration key a user sets ("Mqtt:Qos"), not by the builder's
/// option name, so the message can be found in appsettings.json or set as EDGE_LSTM_Mqtt__Qos.
/// </summary>
public static class MqttOptionErrors
{
    private static readonly Dictionary<string, string> ConfigurationKeys = new(StringComparer.Ordinal)
    {
        ["Broker"] = "Mqtt:Broker",
        ["RobotId"] = "RobotId",
        ["TopicPrefix"] = "Mqtt:TopicPrefix",
        ["Qos"] = "Mqtt:Qos",
        ["QueueCapacity"] = "Mqtt:QueueCapacity",
        ["ReconnectBackoff"] = "Mqtt:ReconnectMaxSeconds",
        ["Credentials"] = "Mqtt:Username",
        ["Credentials.PasswordFile"] = "Mqtt:PasswordFile",
        ["Credentials.PasswordEnvVar"] = "Mqtt:PasswordEnvVar",
        ["Tls"] = "Mqtt:CaFile",
        ["Tls.CaFile"] = "Mqtt:CaFile",
        ["Tls.ClientCertificate"] = "Mqtt:ClientCertFile",
        ["Tls.ClientKey"] = "Mqtt:ClientKeyFile",
    };

    /// <summary>"Invalid MQTT option Qos: 5 is ..." becomes "Mqtt:Qos: 5 is ...".</summary>
    public static string Describe(InvalidMqttOptionException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var option = e.OptionName ?? string.Empty;
        var key = ConfigurationKeys.GetValueOrDefault(option, "Mqtt:" + option);
        var prefix = $"Invalid MQTT option {option}: ";
        var message = e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message;
        return $"{key}: {message.ReplaceLineEndings(" ").Trim()}";
    }
}
