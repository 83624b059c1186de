namespace EdgeLstm.Messaging.Connection;

/// <summary>Why a connection attempt failed, for commands that map failures to exit codes or hints.</summary>
public enum ConnectFailureKind
{
    /// <summary>Nothing listens on the broker's port.</summary>
    Refused,

    /// <summary>Host unknown or network unreachable.</summary>
    Unreachable,

    /// <summary>No answer within the connect timeout.</summary>
    Timeout,

    /// <summary>CONNACK: bad user name or password.</summary>
    BadCredentials,

    /// <summary>CONNACK: not authorized.</summary>
    NotAuthorized,

    /// <summary>TLS handshake failed: untrusted or mismatched certificate, client certificate refused.</summary>
    Tls,

    /// <summary>The broker refused the MQTT version (an MQTT 3.1.1-only broker asked for MQTT 5).</summary>
    ProtocolVersion,

    /// <summary>CONNACK with another failure code.</summary>
    Rejected,

    /// <summary>Anything else.</summary>
    Other,
}
