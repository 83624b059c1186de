using System.Security.Cryptography;
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

    /// <summary>Connects and subscribes; throws <see cref="MqttConnectException"/> with a one-line message on failure.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.ConnectTimeout);
        MqttClientOptions clientOptions;
        try
        {
            clientOptions = MqttClientOptionsFactory.Create(_options, will: null);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw ConnectFailure.FromTlsFiles(ex, _options);
        }

        MqttClientConnectResult result;
        try
        {
            result = await _client.ConnectAsync(clientOptions, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw ConnectFailure.FromException(ex, _options, timedOut: attempt.IsCancellationRequested);
        }

        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw ConnectFailure.FromResult(result, _options);
        }

        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(_options.PredictionFilter, MqttQualityOfServiceLevel.AtMostOnce)
            .WithTopicFilter(_options.StatusFilter, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var granted = await _client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
        foreach (var item in granted.Items)
        {
            if (item.ResultCode is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2))
            {
                throw new MqttConnectException(ConnectFailureKind.NotAuthorized, $"broker {_options.BrokerUri.GetLeftPart(UriPartial.Authority)} refused subscription to {item.TopicFilter.Topic}: {item.ResultCode}");
            }
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
            _messages.Writer.TryComplete(new MqttConnectException(ConnectFailureKind.Other, $"lost connection to broker {_options.BrokerUri.GetLeftPart(UriPartial.Authority)}: {why}"));
        }

        return Task.CompletedTask;
    }
}
