using System.Net.Sockets;
using System.Text.Json.Nodes;
using EdgeLstm.Messaging.Broker;
using EdgeLstm.Messaging.Payload;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Messaging.Subscribing;
using EdgeLstm.Messaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeLstm.Messaging.Tests;

public sealed class EmbeddedBrokerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Round_Trip_With_Retained_Status_And_Meta_For_A_Late_Watcher()
    {
        await using var broker = await EmbeddedBroker.StartAsync(0);
        Assert.True(broker.Port > 0);
        var options = TestPredictions.Options(broker.Uri, "embedded-1");
        await using var publisher = new MqttPredictionPublisher(options.Build(), output.WriteLine);
        await publisher.StartAsync(failFast: true);
        await publisher.SetStatusAsync(RobotState.Online, new JsonObject { ["source"] = "replay" });
        await publisher.PublishMetaAsync("""{"model":"m","schema":1}""");

        // Subscribes after status and meta were published: only retention can deliver them.
        await using var meta = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/embedded-1/meta");
        await using var watcher = new PredictionSubscriber(options.BuildSubscriberOptions());
        await watcher.ConnectAsync();

        var status = await ReadAsync<ObservedStatus>(watcher);
        Assert.Equal("online", status.State);
        Assert.True(status.Retained);
        await meta.WaitForAsync(m => m.Count == 1 && m[0].Retain, "retained meta");

        Assert.True(TestPredictions.Publish(publisher, 41));
        var prediction = await ReadAsync<ObservedPrediction>(watcher);
        Assert.Equal("embedded-1", prediction.RobotId);
        Assert.Equal(41, prediction.Seq);
        Assert.Equal(TestPredictions.Poses, prediction.PathLength);
        Assert.Equal(3.5, prediction.PathEnd!.Value.X, 5);
        Assert.Equal(1.5, prediction.Pose.X);
        Assert.Equal(180.5, prediction.LatencyMicros);
    }

    [Fact]
    public async Task Embedded_Broker_Delivers_The_Last_Will_On_A_Dropped_Connection()
    {
        await using var broker = await EmbeddedBroker.StartAsync(0);
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/embedded-will/status");
        await using var proxy = new TcpDropProxy(broker.Port);
        await using var publisher = new MqttPredictionPublisher(TestPredictions.Options(proxy.Uri, "embedded-will").Build(), output.WriteLine);
        await publisher.StartAsync(failFast: true);
        await recorder.WaitForAsync(m => m.Any(x => x.Payload.Contains("\"online\"", StringComparison.Ordinal)), "online");

        await proxy.CutAsync();

        await recorder.WaitForAsync(m => m.Any(x => x.Payload.Contains("\"offline\"", StringComparison.Ordinal)), "the Last Will");
    }

    [Fact]
    public async Task Taken_Port_Is_Reported()
    {
        await using var first = await EmbeddedBroker.StartAsync(0);

        await Assert.ThrowsAnyAsync<SocketException>(() => EmbeddedBroker.StartAsync(first.Port));
    }

    private static async Task<T> ReadAsync<T>(PredictionSubscriber subscriber)
        where T : ObservedMessage
    {
        using var timeout = new CancellationTokenSource(Wait.Default);
        await foreach (var message in subscriber.Messages.ReadAllAsync(timeout.Token))
        {
            if (message is T wanted)
            {
                return wanted;
            }
        }

        throw new InvalidOperationException("subscriber completed");
    }
}
