using System.Threading.Channels;
using EdgeLstm.Messaging.Connection;
using EdgeLstm.Messaging.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeLstm.Messaging.Subscribing;

/// <summary>
/// Watches predictions and status of robots ({prefix}/+/prediction and {prefix}/+/status) and
/// delivers them, parsed, through <see cref="Messages"/>, or unparsed to a <see cref="RawMessageHandler"/>
/// (then <see cref="Messages"/> carries nothing but its completion). It does not reconnect: when the
/// connection drops, <see cref="Messages"/> completes with an <see cref="MqttConnectException"/>.
/// </summary>
public sealed class PredictionSubscriber : IAsyncDisposable
{
    private const int ChannelCapacity = 1024;

    // 200, 400, 800, 1600 ms between tries: about 3 s for a refusal without a reason to pass.
    private const int SubscribeAttempts = 5;

    private readonly PredictionSubscriberOptions _options;
    private readonly IMqttClient _client;
    private readonly Channel<ObservedMessage> _messages;
    private readonly RawMessageHandler? _raw;
    private int _disposed;

    public PredictionSubscriber(PredictionSubscriberOptions options, RawMessageHandler? raw = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _raw = raw;

        // A slow console must not stall the MQTT receive loop: keep the newest messages.
        _messages = Channel.CreateBounded<ObservedMessage>(new BoundedChannelOptions(ChannelCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleWriter = true,
        });
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    /// <summary>Parsed messages in arrival order; completes when the subscriber is disposed or disconnected.</summary>
    public ChannelReader<ObservedMessage> Messages => _messages.Reader;

    /// <summary>The broker this subscriber is connected to; null before <see cref="ConnectAsync"/>.</summary>
    public BrokerAddress? Broker { get; private set; }

    /// <summary>The MQTT version the broker accepted.</summary>
    public MqttProtocol Protocol { get; private set; } = MqttProtocol.V5;

    /// <summary>
    /// Connects to the first broker of the list that accepts (in MQTT 5, 3.1.1 or either, as
    /// configured) and subscribes; throws <see cref="MqttConnectException"/> with a one-line message
    /// when none does (the last broker's failure).
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ConnectOutcome outcome = default;
        foreach (var broker in _options.Brokers)
        {
            outcome = await BrokerConnector.ConnectAsync(_client, _options, broker, known: null, will: null, cancellationToken).ConfigureAwait(false);
            if (outcome.Connected)
            {
                Broker = broker;
                Protocol = outcome.Spoken;
                break;
            }
        }

        if (outcome.Failure is { } failure)
        {
            throw failure;
        }

        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(_options.PredictionFilter, MqttQualityOfServiceLevel.AtMostOnce)
            .WithTopicFilter(_options.StatusFilter, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();

        // A refusal without a reason (3.1.1's "failure", 5's unspecified error) can be passing: a NATS
        // node whose cluster is still settling after a node restart refused a QoS 1 subscription once
        // in a full CI run and granted it on the next try. Such refusals are retried for a few seconds;
        // a refusal with a reason (not authorised, bad filter, quota) is final at once. In 3.1.1 an ACL
        // denial has no reason either, so there it is reported after those seconds.
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            var granted = await _client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
            var refused = granted.Items.FirstOrDefault(item => item.ResultCode is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2));
            if (refused is null)
            {
                return;
            }

            if (refused.ResultCode != MqttClientSubscribeResultCode.UnspecifiedError || attempt == SubscribeAttempts)
            {
                throw new MqttConnectException(ConnectFailureKind.NotAuthorized, $"broker {Broker} refused subscription to {refused.TopicFilter.Topic}: {refused.ResultCode}");
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay *= 2;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _client.DisconnectedAsync -= OnDisconnectedAsync;
        if (_client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Best effort: the process is leaving anyway.
            }
        }

        _client.Dispose();
        _messages.Writer.TryComplete();
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        var message = args.ApplicationMessage;
        var levels = message.Topic.Split('/');
        if (levels.Length < 3)
        {
            return Task.CompletedTask;
        }

        var robot = levels[^2];
        if (_raw is not null)
        {
            var level = levels[^1];
            if (level is MqttTopics.PredictionLevel or MqttTopics.StatusLevel)
            {
                _raw(robot, level == MqttTopics.StatusLevel, message.Payload, message.Retain);
            }

            return Task.CompletedTask;
        }

        ObservedMessage? observed = levels[^1] switch
        {
            MqttTopics.PredictionLevel => ObservedMessageParser.ParsePrediction(robot, message.Topic, message.Payload),
            MqttTopics.StatusLevel => ObservedMessageParser.ParseStatus(robot, message.Topic, message.Payload, message.Retain),
            _ => null,
        };
        if (observed is not null)
        {
            _messages.Writer.TryWrite(observed);
        }

        return Task.CompletedTask;
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        if (args.ClientWasConnected)
        {
            var why = args.Exception is null ? args.Reason.ToString() : ConnectFailure.OneLine(args.Exception.Message);
            _messages.Writer.TryComplete(new MqttConnectException(ConnectFailureKind.Other, $"lost connection to broker {Broker}: {why}"));
        }

        return Task.CompletedTask;
    }
}
