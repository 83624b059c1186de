using System.Buffers;
using EdgeLstm.Messaging.Connection;
using EdgeLstm.Messaging.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeLstm.Predictor.View;

/// <summary>
/// Subscribes to the robots' prediction and status topics and hands each payload, unparsed, to the
/// <see cref="ViewHub"/>. Unlike `watch` it needs the whole path, which the shared subscriber does
/// not keep, hence its own client. A page is left open for hours, so a lost broker is retried
/// (every 2 s) instead of ending the command.
/// </summary>
internal sealed class ViewMqttSource : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly PredictionSubscriberOptions _options;
    private readonly ViewHub _hub;
    private readonly IMqttClient _client;
    private readonly string _broker;

    public ViewMqttSource(PredictionSubscriberOptions options, ViewHub hub)
    {
        _options = options;
        _hub = hub;
        _broker = options.BrokerUri.GetLeftPart(UriPartial.Authority);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    /// <summary>Connects once; a first failure is the command's error (a wrong --broker should say so at once).</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ConnectAndSubscribeAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or MqttConnectException or OutOfMemoryException))
        {
            throw new MqttConnectException(ConnectFailureKind.Other, $"cannot connect to broker {_broker}: {OneLine(ex.Message)}");
        }

        _hub.Broadcast(ViewEvents.Broker(connected: true, _broker, error: null));
    }

    /// <summary>Keeps the connection up until cancelled.</summary>
    public async Task KeepConnectedAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(RetryDelay, cancellationToken);
            if (_client.IsConnected)
            {
                continue;
            }

            _hub.Broadcast(ViewEvents.Broker(connected: false, _broker, "connection lost; retrying"));
            try
            {
                await ConnectAndSubscribeAsync(cancellationToken);
                _hub.Broadcast(ViewEvents.Broker(connected: true, _broker, error: null));
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
            {
                _hub.Broadcast(ViewEvents.Broker(connected: false, _broker, OneLine(ex.Message)));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Best effort: the command is leaving anyway.
            }
        }

        _client.Dispose();
    }

    private async Task ConnectAndSubscribeAsync(CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.ConnectTimeout);
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(_options.ClientId.Replace("-watch-", "-view-", StringComparison.Ordinal))
            .WithCleanStart(true)
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(_options.ConnectTimeout)
            .Build();
        var result = await _client.ConnectAsync(options, attempt.Token);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new MqttConnectException(ConnectFailureKind.Other, $"broker {_broker} refused the connection: {result.ResultCode}");
        }

        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(_options.PredictionFilter, MqttQualityOfServiceLevel.AtMostOnce)
            .WithTopicFilter(_options.StatusFilter, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _client.SubscribeAsync(subscribe, cancellationToken);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        var message = args.ApplicationMessage;
        var levels = message.Topic.Split('/');
        if (levels.Length < 3)
        {
            return Task.CompletedTask;
        }

        var isStatus = levels[^1] == MqttTopics.StatusLevel;
        if (!isStatus && levels[^1] != MqttTopics.PredictionLevel)
        {
            return Task.CompletedTask;
        }

        var payload = message.Payload.IsSingleSegment ? message.Payload.FirstSpan : message.Payload.ToArray();
        var sseEvent = ViewEvents.Wrap(isStatus ? "status" : "prediction", levels[^2], payload, message.Retain);
        if (sseEvent is not null)
        {
            _hub.Publish(levels[^2], sseEvent, isStatus);
        }

        return Task.CompletedTask;
    }
}
