namespace EdgeLstm.Messaging.Options;

/// <summary>
/// Thrown by <see cref="MqttPublisherOptionsBuilder.Build"/> when one option is wrong. Derives from
/// <see cref="ArgumentException"/> so callers that already handle bad arguments catch it, and
/// <see cref="ArgumentException.ParamName"/> carries the option's name (e.g. "RobotId").
/// </summary>
public sealed class InvalidMqttOptionException : ArgumentException
{
    public InvalidMqttOptionException()
    {
    }

    public InvalidMqttOptionException(string message)
        : base(message)
    {
    }

    public InvalidMqttOptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidMqttOptionException(string optionName, string message)
        : base($"Invalid MQTT option {optionName}: {message}", optionName)
    {
    }

    /// <summary>The option that failed validation; same as <see cref="ArgumentException.ParamName"/>.</summary>
    public string? OptionName => ParamName;

    // ArgumentException appends " (Parameter 'x')" to Message; our message already names the
    // option, and commands print Message as a one-line error.
    public override string Message => ParamName is null ? base.Message : base.Message.Replace($" (Parameter '{ParamName}')", string.Empty, StringComparison.Ordinal);
}
