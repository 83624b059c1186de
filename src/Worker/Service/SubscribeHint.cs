using System.Text;
using EdgeLstm.Messaging.Options;

namespace EdgeLstm.Worker.Service;

/// <summary>The mosquitto_sub command line that shows everything the worker publishes, ready to paste.</summary>
public static class SubscribeHint
{
    public static string For(MqttPublisherOptions options, MqttSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        // MQTT 5, like the worker: an MQTT 3.1.1 client without an id is refused by some brokers
        // (the embedded one among them), while every MQTT 5 broker assigns one.
        // A 3.1.1-only broker (nats-server, RabbitMQ) refuses mqttv5; mosquitto_sub sends its own client id.
        var version = options.Protocol == MqttProtocol.V311 ? "mqttv311" : "mqttv5";
        var line = new StringBuilder($"mosquitto_sub -V {version} -h {options.Host} -p {options.Port}");
        if (options.UseTls)
        {
            if (options.Tls is { } tls)
            {
                line.Append($" --cafile {Quote(tls.CaFile)}");
                if (tls.ClientCertificatePemFile is { } cert && tls.ClientKeyPemFile is { } key)
                {
                    line.Append($" --cert {Quote(cert)} --key {Quote(key)}");
                }
            }
            else
            {
                line.Append(" --capath /etc/ssl/certs");
            }
        }

        if (options.Credentials is { } credentials)
        {
            // Never the password itself: mosquitto_sub asks for it, or reads it from the same file.
            line.Append($" -u {Quote(credentials.UserName)}");
            line.Append(string.IsNullOrWhiteSpace(settings.PasswordFile) ? " -P \"$PASSWORD\"" : $" -P \"$(head -n1 {Quote(settings.PasswordFile)})\"");
        }

        line.Append($" -t '{options.TopicPrefix}/{options.RobotId}/#' -v");
        return line.ToString();
    }

    private static string Quote(string text) =>
        text.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '\\') ? "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : text;
}
