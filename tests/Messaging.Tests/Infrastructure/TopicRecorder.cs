using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeLstm.Messaging.Tests.Infrastructure;

/// <summary>A message as an independent subscriber received it.</summary>
public sealed record RecordedMessage(string Topic, string Payload, bool Retain, string? ContentType, uint ExpiryInterval);

/// <summary>
/// A plain MQTTnet 5 subscriber, independent of the code under test, that records everything on
/// one topic filter.
/// </summary>
public sealed class TopicRecorder : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly List<RecordedMessage> _messages = [];
    private int _refusals;

    private TopicRecorder()
    {
        _client.ApplicationMessageReceivedAsync += args =>
        {
            var m = args.ApplicationMessage;
            var recorded = new RecordedMessage(m.Topic, Encoding.UTF8.GetString(m.Payload), m.Retain, m.ContentType, m.MessageExpiryInterval);
            lock (_messages)
            {
                _messages.Add(recorded);
            }

            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<RecordedMessage> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public static Task<TopicRecorder> StartAsync(int port, string filter) => StartAsync(port, filter, MqttProtocolVersion.V500);

    /// <summary>As <see cref="StartAsync(int, string)"/> in the given MQTT version (3.1.1 for brokers that speak nothing newer).</summary>
    public static async Task<TopicRecorder> StartAsync(int port, string filter, MqttProtocolVersion version)
    {
        var recorder = new TopicRecorder();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(version)
            .WithClientId($"recorder-{Guid.NewGuid():N}")
            .Build();
        var result = await recorder._client.ConnectAsync(options);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);

        // A broker may refuse a subscription for a while (a NATS node backs a QoS 1 subscription with a
        // JetStream consumer, refused until the cluster has its leaders): asked again until granted.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var granted = await recorder._client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce);
            var code = granted.Items.Single().ResultCode;
            if (code is MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2)
            {
                return recorder;
            }

            recorder._refusals++;
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"the broker on port {port} refused the subscription to {filter} for 30 s: {code}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; a timeout says how many messages had arrived and on which topics.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<RecordedMessage>, bool> condition, string what, TimeSpan? timeout = null)
    {
        try
        {
            await Wait.UntilAsync(() => condition(Messages), what, timeout);
        }
        catch (TimeoutException ex)
        {
            var recorded = Messages;
            var byTopic = recorded.GroupBy(m => m.Topic).Select(g => $"{g.Key}: {g.Count()}");
            throw new TimeoutException($"{ex.Message}; recorded {recorded.Count} ({string.Join(", ", byTopic)}); subscription refused {_refusals} time(s) first", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }

        _client.Dispose();
    }
}
