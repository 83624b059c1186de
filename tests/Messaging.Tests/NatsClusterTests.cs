using System.Diagnostics;
using System.Text.Json;
using EdgeLstm.Messaging.Options;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Messaging.Subscribing;
using EdgeLstm.Messaging.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace EdgeLstm.Messaging.Tests;

/// <summary>
/// Robots on a real clustered broker (three nats-server nodes, MQTT 3.1.1 only): messages, retained
/// topics and failover across nodes. The publishers use "auto", so every test also shows the
/// fall-back from MQTT 5 to 3.1.1 against a broker that refuses 5.
/// </summary>
[Collection(NatsClusterGroup.Name)]
public sealed class NatsClusterTests(NatsClusterFixture cluster, ITestOutputHelper output)
{
    [NatsFact]
    public async Task Predictions_Of_Robots_On_Node_A_Reach_A_Subscriber_On_Node_B()
    {
        await using var onB = await TopicRecorder.StartAsync(cluster.B.MqttPort, "edge-lstm/+/prediction", MqttProtocolVersion.V311);
        await ProbeUntilDeliveredAsync(cluster.A, onB);
        var publishers = new List<MqttPredictionPublisher>();
        try
        {
            foreach (var robot in new[] { "nats-a1", "nats-a2", "nats-a3" })
            {
                var publisher = new MqttPredictionPublisher(TestPredictions.Options(cluster.A.Uri, robot).WithProtocol(MqttProtocol.Auto).Build(), output.WriteLine);
                publishers.Add(publisher);

                // Connects as the worker does, retrying (a first session may be refused, as in the watch test).
                await publisher.StartAsync(failFast: false);
                await Wait.UntilAsync(() => publisher.IsConnected, $"{robot} connected to node A", TimeSpan.FromSeconds(15));
                Assert.Equal(MqttProtocol.V311, publisher.Protocol);
            }

            using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5)))
            {
                for (var seq = 0; seq < 100 && await timer.WaitForNextTickAsync(); seq++)
                {
                    publishers.ForEach(p => TestPredictions.Publish(p, seq));
                }
            }

            foreach (var publisher in publishers)
            {
                Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(5)));
                Assert.Equal(100, publisher.Counters.Published);
            }

            // The cluster forwards through JetStream consumers, slower than one broker on a loaded
            // machine: the time allowed is generous, the count must be exact.
            await onB.WaitForAsync(m => m.Count(IsRobotA) >= 300, "300 predictions on node B", TimeSpan.FromSeconds(30));
            await Task.Delay(200); // duplicates would show now
            var received = onB.Messages.Where(IsRobotA).ToList();
            Assert.Equal(300, received.Count);
            Assert.Equal(300, received.Select(m => m.Topic + JsonDocument.Parse(m.Payload).RootElement.GetProperty("seq").GetInt64()).Distinct().Count());
        }
        finally
        {
            foreach (var publisher in publishers)
            {
                await publisher.DisposeAsync();
            }
        }
    }

    [NatsFact]
    public async Task Retained_Status_And_Meta_Published_On_Node_A_Are_Seen_On_Node_C()
    {
        await using var publisher = new MqttPredictionPublisher(TestPredictions.Options(cluster.A.Uri, "nats-retained").WithProtocol(MqttProtocol.Auto).Build(), output.WriteLine);
        await publisher.StartAsync(failFast: true);
        await publisher.PublishMetaAsync("""{"model":"m","schema":1}""");

        await using var onC = await TopicRecorder.StartAsync(cluster.C.MqttPort, "edge-lstm/nats-retained/+", MqttProtocolVersion.V311);
        await onC.WaitForAsync(m => m.Any(x => x.Topic.EndsWith("/status", StringComparison.Ordinal)) && m.Any(x => x.Topic.EndsWith("/meta", StringComparison.Ordinal)), "retained status and meta on node C");

        var status = onC.Messages.First(x => x.Topic.EndsWith("/status", StringComparison.Ordinal));
        Assert.True(status.Retain);
        using var statusJson = JsonDocument.Parse(status.Payload);
        Assert.Equal("online", statusJson.RootElement.GetProperty("state").GetString());
        Assert.Equal("3.1.1", statusJson.RootElement.GetProperty("details").GetProperty("link").GetProperty("protocol").GetString());
        using var meta = JsonDocument.Parse(onC.Messages.First(x => x.Topic.EndsWith("/meta", StringComparison.Ordinal)).Payload);
        Assert.Equal("3.1.1", meta.RootElement.GetProperty("mqtt").GetProperty("protocol").GetString());
        Assert.Contains("message_expiry_interval", meta.RootElement.GetProperty("mqtt").GetProperty("dropped_properties").EnumerateArray().Select(e => e.GetString()));
    }

    [NatsFact]
    public async Task Watch_Subscriber_On_Node_B_Reads_A_Robot_On_Node_A_With_Auto()
    {
        var options = new MqttPublisherOptionsBuilder().WithBroker(cluster.B.Uri).WithProtocol("auto").WithRobotId("nats-watch").BuildSubscriberOptions();
        await using var subscriber = new PredictionSubscriber(options);
        await subscriber.ConnectAsync();
        Assert.Equal(MqttProtocol.V311, subscriber.Protocol);

        // Connects as the worker does, retrying: right after another test's node restart a NATS node has
        // refused one session in a full CI run ("Error while authenticating") though its probe had passed,
        // and first-connect failures are not what this test is about. The prediction waits in the queue.
        await using var publisher = new MqttPredictionPublisher(TestPredictions.Options(cluster.A.Uri, "nats-watch").WithProtocol(MqttProtocol.V311).Build(), output.WriteLine);
        await publisher.StartAsync(failFast: false);
        TestPredictions.Publish(publisher, 42);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        ObservedMessage message;
        do
        {
            message = await subscriber.Messages.ReadAsync(timeout.Token);
        }
        while (message is not ObservedPrediction);

        Assert.Equal(42, ((ObservedPrediction)message).Seq);
    }

    [NatsFact]
    public async Task Stopping_The_Node_A_Robot_Is_On_Moves_It_To_Another_Node_Within_Seconds_With_Every_Prediction_Accounted()
    {
        var options = TestPredictions.Options(cluster.A.Uri, "nats-failover")
            .WithBroker(cluster.BrokerList)
            .WithProtocol(MqttProtocol.V311)
            .WithQueueCapacity(64)
            .Build();
        await using var publisher = new MqttPredictionPublisher(options, output.WriteLine);
        await publisher.StartAsync(failFast: true);

        // Usually node A, the first of the list; the next one when A refused the first session (a node
        // does for a moment right after another test restarted it). The watcher sits on another node.
        var first = cluster.Nodes.Single(n => n.MqttPort == publisher.Broker!.Port);
        var watched = cluster.Nodes.Last(n => n != first);
        await using var watcher = await TopicRecorder.StartAsync(watched.MqttPort, "edge-lstm/nats-failover/+", MqttProtocolVersion.V311);
        await using var producer = SteadyProducer.Start(publisher);

        try
        {
            await Wait.UntilAsync(() => publisher.Counters.Published >= 50, $"predictions through node {first.Name}");
            await first.StopAsync();
            var stopped = Stopwatch.StartNew();
            // Seconds: the next node answers at once unless the cluster is still electing a JetStream
            // leader (NATS's MQTT needs one for a session). 20 s allowed: on a quiet 2-core machine three
            // runs moved in 0.01, 6.8 and 0.01 s, and with both cores busy beside the test one took 10.6 s.
            await Wait.UntilAsync(() => publisher.IsConnected && publisher.Broker!.Port != first.MqttPort, "the robot moved to another node", TimeSpan.FromSeconds(20));
            var moved = stopped.Elapsed;
            var newNode = publisher.Broker!.Text;
            // The retained status can take longer than the move: the cluster may still be electing the
            // leader of its retained-message stream, the first publish times out, and a retry (every 5 s at
            // most) gets through. With both cores busy beside the test that took more than 30 s once.
            await watcher.WaitForAsync(m => m.Any(x => x.Topic.EndsWith("/status", StringComparison.Ordinal) && x.Payload.Contains(newNode, StringComparison.Ordinal)), $"a status on node {watched.Name} naming the new node", TimeSpan.FromSeconds(45));
            var publishedBefore = publisher.Counters.Published;
            await Wait.UntilAsync(() => publisher.Counters.Published > publishedBefore + 50, "publishing goes on through the new node");
            await producer.StopAsync();
            Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(5)));
            Assert.Null(producer.Error);

            var c = publisher.Counters;
            Assert.Equal(producer.Committed, c.Published + c.Dropped + c.Expired + c.Invalid + c.PublishFailures + c.Queued);
            output.WriteLine($"moved from {first.Name} to {newNode} {moved.TotalMilliseconds:0} ms after it was killed; committed {producer.Committed}, published {c.Published}, dropped {c.Dropped}, expired {c.Expired}, failures {c.PublishFailures}");
        }
        finally
        {
            await producer.StopAsync();
            await cluster.RestoreAsync();
        }
    }

    private static bool IsRobotA(RecordedMessage message) => message.Topic.StartsWith("edge-lstm/nats-a", StringComparison.Ordinal);

    /// <summary>
    /// Publishes a probe prediction on <paramref name="from"/> until <paramref name="recorder"/> has it: a
    /// subscription's interest reaches the other nodes some time after its SUBACK (longer right after a
    /// node restart, while the routes re-form), and a message published before that is, by NATS's design,
    /// not delivered. QoS 0 like the predictions, so the probe takes their path (core NATS over the
    /// routes); a QoS 1 probe goes through JetStream, which after a node restart has stalled for 30 s
    /// while QoS 0 flowed.
    /// </summary>
    private static async Task ProbeUntilDeliveredAsync(NatsNode from, TopicRecorder recorder)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", from.MqttPort).WithProtocolVersion(MqttProtocolVersion.V311).WithClientId($"probe-{Guid.NewGuid():N}"[..20]).Build();
        var clock = Stopwatch.StartNew();
        while (!recorder.Messages.Any(m => m.Topic == "edge-lstm/nats-probe/prediction"))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"no probe from node {from.Name} arrived within 30 s");
            try
            {
                // A node restarted by another test may refuse a first session for a moment.
                if (!client.IsConnected)
                {
                    await client.ConnectAsync(options);
                }

                await client.PublishStringAsync("edge-lstm/nats-probe/prediction", "{}", MqttQualityOfServiceLevel.AtMostOnce);
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Adapter.MqttConnectingFailedException)
            {
                // retried below
            }

            await Task.Delay(100);
        }

        await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
    }
}
