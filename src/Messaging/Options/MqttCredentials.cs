namespace EdgeLstm.Messaging.Options;

/// <summary>
/// User name and the resolved password. The password is read from a file or an environment
/// variable (never given on a command line, where `ps` would show it) and is kept out of
/// <see cref="ToString"/> so options can be logged freely.
/// </summary>
public sealed class MqttCredentials
{
    internal MqttCredentials(string userName, string password, string passwordSource)
    {
        UserName = userName;
        Password = password;
        PasswordSource = passwordSource;
    }

    public string UserName { get; }

    /// <summary>Where the password came from, e.g. "file /etc/edge-lstm/mqtt.pass" (for messages).</summary>
    public string PasswordSource { get; }

    internal string Password { get; }

    public override string ToString() => $"{UserName} (password from {PasswordSource})";
}
