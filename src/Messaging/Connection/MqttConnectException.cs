namespace EdgeLstm.Messaging.Connection;

/// <summary>
/// A failed connection, with a one-line message meant for a user ("broker mqtt://h:1883 rejected
/// user 'bob': bad user name or password") and the failure's <see cref="Kind"/>.
/// </summary>
public sealed class MqttConnectException : Exception
{
    public MqttConnectException()
    {
    }

    public MqttConnectException(string message)
        : base(message)
    {
    }

    public MqttConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MqttConnectException(ConnectFailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public ConnectFailureKind Kind { get; } = ConnectFailureKind.Other;
}
