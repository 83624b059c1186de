using System.Text;
using System.Text.Json;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Messaging.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace EdgeLstm.Messaging.Tests;

/// <summary>
/// $share/GROUP/edge-lstm/+/prediction splits one fleet's predictions between the consumers of a
/// group: each prediction reaches exactly one of them. Mosquitto implements MQTT 5 shared subscriptions.
/// </summary>
[Collection(BrokerGroup.Name)]
public sealed class SharedSubscriptionTests(MosquittoFixture broker, ITestOutputHelper output)
{
    [MosquittoFact]
    public async Task Two_Consumers_Of_One_Share_Group_Split_The_Predictions_Without_Duplicates()
    {
        var first = await SeqCollector.StartAsync(broker.Port, "$share/dash/edge-lstm/+/prediction");
        var second = await SeqCollector.StartAsync(broker.Port, "$share/dash/edge-lstm/+/prediction");
        var everything = await SeqCollector.StartAsync(broker.Port, "edge-lstm/+/prediction");
        await using var publishers = new PublisherSet();
        foreach (var robot in new[] { "share-a", "share-b" })
        {
            var publisher = new MqttPredictionPublisher(TestPredictions.Options(broker.Uri, robot).Build());
            publishers.Add(publisher);
            await publisher.StartAsync(failFast: true);
            for (var seq = 0; seq < 200; seq++)
            {
                TestPredictions.Publish(publisher, seq);
                if (seq % 50 == 0)
                {
                    await Task.Delay(5);
                }
            }

            Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(5)));
        }

        var published = publishers.Sum(p => p.Counters.Published);
        await Wait.UntilAsync(() => first.Count + second.Count >= published && everything.Count >= published, "every prediction reached the group");
        await Task.Delay(200); // a duplicate would arrive now
        var shared = first.Keys.Concat(second.Keys).ToList();

        Assert.Equal(published, shared.Count);
        Assert.Equal(shared.Count, shared.Distinct().Count());
        Assert.True(first.Count > 0 && second.Count > 0, $"one consumer got everything: {first.Count} / {second.Count}");
        Assert.Equal(published, everything.Count);
        output.WriteLine($"{published} predictions: {first.Count} to the first consumer, {second.Count} to the second");
        await first.DisposeAsync();
        await second.DisposeAsync();
        await everything.DisposeAsync();
    }

    private sealed class PublisherSet : List<MqttPredictionPublisher>, IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var publisher in this)
            {
                await publisher.DisposeAsync();
            }
        }
    }

    /// <summary>Records (robot, seq) of each prediction one plain MQTT 5 client receives.</summary>
    private sealed class SeqCollector : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        private readonly List<string> _keys = [];

        public int Count
        {
            get
            {
                lock (_keys)
                {
                    return _keys.Count;
                }
            }
        }

        public IReadOnlyList<string> Keys
        {
            get
            {
                lock (_keys)
                {
                    return [.. _keys];
                }
            }
        }

        public static async Task<SeqCollector> StartAsync(int port, string filter)
        {
            var collector = new SeqCollector();
            collector._client.ApplicationMessageReceivedAsync += args =>
            {
                using var document = JsonDocument.Parse(Encoding.UTF8.GetString(args.ApplicationMessage.Payload));
                var key = $"{args.ApplicationMessage.Topic}#{document.RootElement.GetProperty("seq").GetInt64()}";
                lock (collector._keys)
                {
                    collector._keys.Add(key);
                }

                return Task.CompletedTask;
            };
            var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500).WithClientId($"share-{Guid.NewGuid():N}").Build();
            await collector._client.ConnectAsync(options);
            await collector._client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtMostOnce);
            return collector;
        }

        public async ValueTask DisposeAsync()
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
            _client.Dispose();
        }
    }
}
