namespace EdgeLstm.Messaging.Options;

/// <summary>MQTT topic-name rules shared by the publisher options and the subscriber.</summary>
public static class MqttTopicRules
{
    /// <summary>True when <paramref name="level"/> can be one topic level (no separators, wildcards or NUL).</summary>
    public static bool IsValidSingleLevel(string? level) =>
        !string.IsNullOrEmpty(level) && level.Length <= 256 && level.AsSpan().IndexOfAny("/+#\0") < 0 && !level.StartsWith('$');

    internal static void ThrowIfNotSingleLevel(string? level, string option)
    {
        if (string.IsNullOrEmpty(level))
        {
            throw new InvalidMqttOptionException(option, "is required");
        }

        if (!IsValidSingleLevel(level))
        {
            throw new InvalidMqttOptionException(option, $"'{level}' is not a single topic level: it must not contain '/', '+', '#' or NUL, start with '$' or exceed 256 characters");
        }
    }

    internal static void ThrowIfBadPrefix(string? prefix, string option)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            throw new InvalidMqttOptionException(option, "is required");
        }

        if (prefix.StartsWith('/') || prefix.EndsWith('/') || prefix.Split('/').Any(level => !IsValidSingleLevel(level)))
        {
            throw new InvalidMqttOptionException(option, $"'{prefix}' must be topic levels separated by '/', without wildcards, empty levels or a leading '$'");
        }
    }
}
