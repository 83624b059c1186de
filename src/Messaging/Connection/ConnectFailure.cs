using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using EdgeLstm.Messaging.Options;
using MQTTnet;

namespace EdgeLstm.Messaging.Connection;

/// <summary>Turns MQTTnet's connect results and exception chains into one-line, actionable messages.</summary>
internal static class ConnectFailure
{
    public static MqttConnectException FromResult(MqttClientConnectResult result, IMqttEndpoint endpoint, BrokerAddress address, MqttProtocol tried)
    {
        var broker = address.Text;
        var user = endpoint.Credentials is null ? "anonymous" : $"user '{endpoint.Credentials.UserName}'";
        var reason = string.IsNullOrEmpty(result.ReasonString) ? string.Empty : $" ({OneLine(result.ReasonString)})";
        if (ProtocolFallback.IsVersionRefusal(result))
        {
            var hint = tried == MqttProtocol.V5 ? "; it may speak only MQTT 3.1.1: set Mqtt:ProtocolVersion (--mqtt-version) to 3.1.1 or auto" : string.Empty;
            return new MqttConnectException(ConnectFailureKind.ProtocolVersion, $"broker {broker} refused MQTT {tried.ToName()} (unsupported protocol version){hint}");
        }

        return result.ResultCode switch
        {
            MqttClientConnectResultCode.BadUserNameOrPassword =>
                new MqttConnectException(ConnectFailureKind.BadCredentials, $"broker {broker} rejected {user}: bad user name or password{reason}"),
            // Mosquitto answers a wrong password with "not authorized" rather than "bad user name or password".
            MqttClientConnectResultCode.NotAuthorized when endpoint.Credentials is not null =>
                new MqttConnectException(ConnectFailureKind.NotAuthorized, $"broker {broker} refused {user}: not authorized (wrong password, or the user may not connect){reason}"),
            MqttClientConnectResultCode.NotAuthorized =>
                new MqttConnectException(ConnectFailureKind.NotAuthorized, $"broker {broker} refused {user}: not authorized (the broker needs credentials){reason}"),
            _ => new MqttConnectException(ConnectFailureKind.Rejected, $"broker {broker} refused the connection: {result.ResultCode}{reason}"),
        };
    }

    public static MqttConnectException FromException(Exception exception, IMqttEndpoint endpoint, BrokerAddress address, bool timedOut)
    {
        var broker = address.Text;
        if (timedOut)
        {
            return new MqttConnectException(ConnectFailureKind.Timeout, $"no answer from broker {broker} within {endpoint.ConnectTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s", exception);
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AuthenticationException tls:
                    var detail = Innermost(tls).Message;
                    if (detail.Contains("RemoteCertificateValidationCallback", StringComparison.Ordinal))
                    {
                        // Our own check refused it; say which check, not which .NET callback.
                        var ca = endpoint.Tls is null ? "the system trust store" : $"CA file '{endpoint.Tls.CaFile}'";
                        return new MqttConnectException(ConnectFailureKind.Tls, $"TLS handshake with broker {broker} failed: its certificate is not trusted by {ca} or does not name host '{address.Host}'", exception);
                    }

                    return new MqttConnectException(ConnectFailureKind.Tls, $"TLS handshake with broker {broker} failed: {OneLine(detail)}{TlsHint(detail)}", exception);
                case CryptographicException crypto:
                    return new MqttConnectException(ConnectFailureKind.Tls, $"TLS handshake with broker {broker} failed: {OneLine(crypto.Message)}{TlsHint(crypto.Message)}", exception);
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return new MqttConnectException(ConnectFailureKind.Refused, $"connection refused by {broker}: is the broker running?", exception);
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } socket:
                    return new MqttConnectException(ConnectFailureKind.Unreachable, $"broker host '{address.Host}' not found ({socket.SocketErrorCode})", exception);
                case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.NotConnected or SocketError.Shutdown } when address.UseTls:
                    // With TLS 1.3 a refused client certificate shows up after the handshake, as a reset
                    // socket on the first read or write rather than as a handshake error.
                    return new MqttConnectException(ConnectFailureKind.Tls, $"TLS connection to broker {broker} was reset while connecting (client certificate missing or refused?)", exception);
                case SocketException socket:
                    return new MqttConnectException(ConnectFailureKind.Unreachable, $"cannot reach broker {broker}: {socket.SocketErrorCode}", exception);
                case IOException io when io.InnerException is null && address.UseTls:
                    // A broker that demands a client certificate often just closes the socket mid-handshake.
                    return new MqttConnectException(ConnectFailureKind.Tls, $"TLS connection to broker {broker} was closed: {OneLine(io.Message)} (client certificate missing or refused?)", exception);
                default:
                    break;
            }
        }

        return new MqttConnectException(ConnectFailureKind.Other, $"cannot connect to broker {broker}: {OneLine(Innermost(exception).Message)}", exception);
    }

    /// <summary>The TLS material itself is unusable (unreadable or malformed PEM), before any network traffic.</summary>
    public static MqttConnectException FromTlsFiles(Exception exception, BrokerAddress address) =>
        new(ConnectFailureKind.Tls, $"cannot load the TLS files for broker {address.Text}: {OneLine(exception.Message)}", exception);

    // OpenSSL's alert text is precise but cryptic; say what to do about the common cases.
    private static string TlsHint(string message) =>
        message.Contains("certificate required", StringComparison.OrdinalIgnoreCase) ? " (the broker requires a client certificate)"
        : message.Contains("unknown ca", StringComparison.OrdinalIgnoreCase) || message.Contains("bad certificate", StringComparison.OrdinalIgnoreCase) ? " (the broker does not trust the client certificate)"
        : string.Empty;

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    internal static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
