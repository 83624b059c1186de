using System.Buffers;
using EdgeLstm.Messaging.Connection;
using EdgeLstm.Messaging.Options;
using EdgeLstm.Messaging.Subscribing;

namespace EdgeLstm.Tools.View;

/// <summary>
/// Feeds the <see cref="ViewHub"/> from the broker: the shared <see cref="PredictionSubscriber"/>
/// (with its TLS and credentials) hands each payload over unparsed, since the page needs the whole
/// path. A page is left open for hours, so a lost broker is retried every 2 s instead of ending
/// the command.
/// </summary>
internal sealed class ViewMqttSource : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly PredictionSubscriberOptions _options;
    private readonly ViewHub _hub;
    private readonly string _broker;
    private PredictionSubscriber? _subscriber;

    public ViewMqttSource(PredictionSubscriberOptions options, ViewHub hub)
    {
        _options = options;
        _hub = hub;
        _broker = options.BrokerUri.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>Connects once; a first failure is the command's error (a wrong --broker should say so at once).</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await ConnectAndSubscribeAsync(cancellationToken);
        _hub.Broadcast(ViewEvents.Broker(connected: true, _broker, error: null));
    }

    /// <summary>Keeps the connection up until cancelled.</summary>
    public async Task KeepConnectedAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // Completes, with the reason, when the connection drops.
                await _subscriber!.Messages.Completion.WaitAsync(cancellationToken);
            }
            catch (MqttConnectException)
            {
                // The drop itself: reconnect below.
            }

            _hub.Broadcast(ViewEvents.Broker(connected: false, _broker, "connection lost; retrying"));
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(RetryDelay, cancellationToken);
                try
                {
                    await ConnectAndSubscribeAsync(cancellationToken);
                    _hub.Broadcast(ViewEvents.Broker(connected: true, _broker, error: null));
                    break;
                }
                catch (MqttConnectException ex)
                {
                    _hub.Broadcast(ViewEvents.Broker(connected: false, _broker, ex.Message));
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscriber is not null)
        {
            await _subscriber.DisposeAsync();
        }
    }

    private async Task ConnectAndSubscribeAsync(CancellationToken cancellationToken)
    {
        if (_subscriber is not null)
        {
            await _subscriber.DisposeAsync();
        }

        _subscriber = new PredictionSubscriber(_options, OnMessage);
        await _subscriber.ConnectAsync(cancellationToken);
    }

    private void OnMessage(string robotId, bool isStatus, ReadOnlySequence<byte> payload, bool retained)
    {
        var bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        var sseEvent = ViewEvents.Wrap(isStatus ? "status" : "prediction", robotId, bytes, retained);
        if (sseEvent is not null)
        {
            _hub.Publish(robotId, sseEvent, isStatus);
        }
    }
}
