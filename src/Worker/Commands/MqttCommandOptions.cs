using System.CommandLine;
using EdgeLstm.Messaging.Broker;
using EdgeLstm.Messaging.Options;
using EdgeLstm.Worker.Service;

namespace EdgeLstm.Worker.Commands;

/// <summary>The broker options shared by `replay` and `watch`, mapped onto <see cref="MqttSettings"/>.</summary>
public sealed class MqttCommandOptions
{
    private readonly Option<string> _broker;
    private readonly Option<int> _embeddedPort = new("--embedded-port") { Description = "port of the embedded broker", DefaultValueFactory = _ => EmbeddedBroker.DefaultPort };
    private readonly Option<string> _prefix = new("--prefix") { Description = "topic prefix", DefaultValueFactory = _ => MqttPublisherOptionsBuilder.DefaultTopicPrefix };
    private readonly Option<int> _qos = new("--qos") { Description = "QoS of predictions: 0, 1 or 2", DefaultValueFactory = _ => 0 };
    private readonly Option<string?> _user = new("--user") { Description = "MQTT user name" };
    private readonly Option<string?> _passwordFile = new("--password-file") { Description = "file whose first line is the MQTT password" };
    private readonly Option<string?> _ca = new("--ca") { Description = "CA certificate (PEM) for an mqtts:// broker" };
    private readonly Option<string?> _cert = new("--cert") { Description = "client certificate (PEM) for mutual TLS" };
    private readonly Option<string?> _key = new("--key") { Description = "client private key (PEM) for mutual TLS" };
    private readonly Option<string> _version = new("--mqtt-version") { Description = "MQTT version: 5, 3.1.1, or auto (5, falling back to 3.1.1 when the broker refuses it)", DefaultValueFactory = _ => MqttProtocolNames.V5 };
    private readonly Option<int> _queue = new("--queue") { Description = "predictions held while the network is slow", DefaultValueFactory = _ => MqttPublisherOptionsBuilder.DefaultQueueCapacity };

    public MqttCommandOptions(string defaultBroker)
    {
        _broker = new Option<string>("--broker")
        {
            Description = "embedded (in-process broker on 127.0.0.1), mqtt://HOST:PORT or mqtts://HOST:PORT; several separated by commas for failover",
            DefaultValueFactory = _ => defaultBroker,
        };
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_broker);
        command.Options.Add(_embeddedPort);
        command.Options.Add(_version);
        command.Options.Add(_prefix);
        command.Options.Add(_qos);
        command.Options.Add(_user);
        command.Options.Add(_passwordFile);
        command.Options.Add(_ca);
        command.Options.Add(_cert);
        command.Options.Add(_key);
        command.Options.Add(_queue);
    }

    public MqttSettings ToSettings(ParseResult parse) => new()
    {
        Broker = parse.GetValue(_broker) ?? string.Empty,
        EmbeddedPort = parse.GetValue(_embeddedPort),
        ProtocolVersion = parse.GetValue(_version)!,
        TopicPrefix = parse.GetValue(_prefix)!,
        Qos = parse.GetValue(_qos),
        Username = parse.GetValue(_user) ?? string.Empty,
        PasswordFile = parse.GetValue(_passwordFile) ?? string.Empty,
        CaFile = parse.GetValue(_ca) ?? string.Empty,
        ClientCertFile = parse.GetValue(_cert) ?? string.Empty,
        ClientKeyFile = parse.GetValue(_key) ?? string.Empty,
        QueueCapacity = parse.GetValue(_queue),
    };
}
