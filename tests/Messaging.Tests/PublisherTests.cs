using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeLstm.Messaging.Connection;
using EdgeLstm.Messaging.Payload;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Messaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeLstm.Messaging.Tests;

[Collection(BrokerGroup.Name)]
public sealed class PublisherTests(MosquittoFixture broker, ITestOutputHelper output)
{
    private static readonly MiniJsonSchemaValidator Schema = MiniJsonSchemaValidator.FromFile(TestPredictions.SchemaPath);
    private static readonly MiniJsonSchemaValidator StatusSchema = MiniJsonSchemaValidator.FromFile(TestPredictions.StatusSchemaPath);

    private static string StateOf(RecordedMessage message)
    {
        using var document = JsonDocument.Parse(message.Payload);
        return document.RootElement.GetProperty("state").GetString()!;
    }

    private static string? ReasonOf(RecordedMessage message)
    {
        using var document = JsonDocument.Parse(message.Payload);
        return document.RootElement.GetProperty("details").GetProperty("link").TryGetProperty("reason", out var reason) ? reason.GetString() : null;
    }

    [Fact]
    public async Task Predictions_Reach_A_Subscriber_And_Match_The_Schema()
    {
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/stream-1/prediction");
        var options = TestPredictions.Options(broker.Uri, "stream-1").WithPredictionExpiry(TimeSpan.FromSeconds(2)).Build();
        await using var publisher = new MqttPredictionPublisher(options, output.WriteLine);
        await publisher.StartAsync(failFast: true);

        // Paced like a predictor at 200 Hz, so the latency figures describe steady operation, not a burst.
        using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5)))
        {
            for (var seq = 0; seq < 50 && await timer.WaitForNextTickAsync(); seq++)
            {
                Assert.True(TestPredictions.Publish(publisher, seq));
            }
        }

        Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(5)));
        await recorder.WaitForAsync(m => m.Count >= 50, "50 predictions arrived");

        var received = recorder.Messages;
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), received.Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("seq").GetInt64()));
        foreach (var message in received)
        {
            Assert.Empty(Schema.Validate(message.Payload));
            Assert.False(message.Retain);
            Assert.Equal("application/json", message.ContentType);
            Assert.InRange(message.ExpiryInterval, 1u, 2u);
        }

        var counters = publisher.Counters;
        Assert.Equal(50, counters.Published);
        Assert.Equal(0, counters.Dropped);
        var latency = publisher.Latency;
        Assert.Equal(50, latency.Count);
        Assert.True(latency.P50Micros > 0 && latency.P99Micros >= latency.P50Micros);
        output.WriteLine($"broker={(broker.IsMosquitto ? "mosquitto" : "embedded")} frame-to-publish p50={latency.P50Micros:0} us p99={latency.P99Micros:0} us max={latency.MaxMicros:0} us");
    }

    [Fact]
    public async Task Status_Is_Retained_And_Online_For_A_Late_Subscriber()
    {
        var options = TestPredictions.Options(broker.Uri, "late-1").Build();
        await using var publisher = new MqttPredictionPublisher(options, output.WriteLine);
        await publisher.StartAsync(failFast: true);
        await publisher.SetStatusAsync(RobotState.Degraded, new JsonObject { ["reason"] = "imu gap" });
        await publisher.SetStatusAsync(RobotState.Online, new JsonObject { ["imu_hz"] = 200 });
        await publisher.PublishMetaAsync("""{"model":"lstm-h64-int8","frame_hz":20,"schema":1}""");

        await using var late = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/late-1/+");
        await late.WaitForAsync(m => m.Any(x => x.Topic.EndsWith("/status", StringComparison.Ordinal)) && m.Any(x => x.Topic.EndsWith("/meta", StringComparison.Ordinal)), "retained status and meta arrived");

        var status = late.Messages.Single(m => m.Topic == "edge-lstm/late-1/status");
        Assert.Empty(StatusSchema.Validate(status.Payload));
        Assert.True(status.Retain);
        Assert.Equal("online", StateOf(status));
        using var document = JsonDocument.Parse(status.Payload);
        Assert.Equal(200, document.RootElement.GetProperty("details").GetProperty("imu_hz").GetInt32());
        Assert.True(document.RootElement.GetProperty("t").GetDouble() > 1.7e9);
        var meta = late.Messages.Single(m => m.Topic == "edge-lstm/late-1/meta");
        Assert.True(meta.Retain);
        Assert.Contains("lstm-h64-int8", meta.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_Will_Offline_Is_Delivered_When_The_Connection_Drops_Without_Disconnect()
    {
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/will-1/status");
        await using var proxy = new TcpDropProxy(broker.Port);
        var options = TestPredictions.Options(proxy.Uri, "will-1").Build();
        await using var publisher = new MqttPredictionPublisher(options, output.WriteLine);
        await publisher.StartAsync(failFast: true);
        await recorder.WaitForAsync(m => m.Any(x => StateOf(x) == "online"), "status online");

        // The network dies under the client: the broker sees a reset socket, no DISCONNECT.
        await proxy.CutAsync();

        await recorder.WaitForAsync(m => m.Any(x => StateOf(x) == "offline"), "the Last Will (offline) arrived");
        var will = recorder.Messages.First(x => StateOf(x) == "offline");
        Assert.Empty(StatusSchema.Validate(will.Payload));
        Assert.Equal("connection lost", ReasonOf(will));
        await Wait.UntilAsync(() => !publisher.IsConnected, "the publisher noticed the loss");

        // Retained: whoever looks later also learns the robot is offline.
        await using var late = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/will-1/status");
        await late.WaitForAsync(m => m.Count > 0, "retained status");
        Assert.Equal("offline", StateOf(late.Messages[0]));
        Assert.True(late.Messages[0].Retain);
    }

    [Fact]
    public async Task Clean_Dispose_Publishes_Offline_Status_Not_The_Will()
    {
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/clean-1/status");
        var publisher = new MqttPredictionPublisher(TestPredictions.Options(broker.Uri, "clean-1").Build(), output.WriteLine);
        await publisher.StartAsync(failFast: true);
        TestPredictions.Publish(publisher, 1);

        await publisher.DisposeAsync();

        await recorder.WaitForAsync(m => m.Any(x => StateOf(x) == "offline"), "offline status");
        Assert.Equal("shutdown", ReasonOf(recorder.Messages[^1]));
        Assert.Equal(1, publisher.Counters.Published);
        Assert.False(TestPredictions.Publish(publisher, 2));
    }

    [Fact]
    public async Task Refused_Connection_Fails_Fast_With_One_Line_Or_Retries_In_The_Background()
    {
        var nobody = new Uri($"mqtt://127.0.0.1:{FreePort.Next()}");

        await using (var strict = new MqttPredictionPublisher(TestPredictions.Options(nobody, "down-1").Build()))
        {
            var error = await Assert.ThrowsAsync<MqttConnectException>(() => strict.StartAsync(failFast: true));
            Assert.Equal(ConnectFailureKind.Refused, error.Kind);
            Assert.Contains("refused", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
            output.WriteLine(error.Message);
        }

        await using var lenient = new MqttPredictionPublisher(TestPredictions.Options(nobody, "down-1").Build());
        await lenient.StartAsync();
        Assert.False(lenient.IsConnected);
        Assert.Contains("refused", lenient.LastError, StringComparison.Ordinal);
        Assert.True(TestPredictions.Publish(lenient, 1));
    }

    [Fact]
    public async Task Enqueue_Allocates_Nothing_While_The_Sender_Publishes()
    {
        var options = TestPredictions.Options(broker.Uri, "alloc-1").WithQueueCapacity(256).Build();
        await using var publisher = new MqttPredictionPublisher(options);
        await publisher.StartAsync(failFast: true);

        // A dedicated thread, so the measurement sees only the producer's own allocations.
        long allocated = -1;
        var producer = new Thread(() =>
        {
            for (var seq = 0; seq < 2000; seq++)
            {
                TestPredictions.Publish(publisher, seq); // warm-up
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var seq = 2000; seq < 12_000; seq++)
            {
                publisher.TryGetSlot(TestPredictions.Poses, out var slot);
                TestPredictions.Fill(slot, seq);
                publisher.Commit(slot);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        producer.Start();
        producer.Join();

        Assert.Equal(0, allocated);
        Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(10)));
        var c = publisher.Counters;
        Assert.Equal(12_000, c.Published + c.Dropped + c.Expired + c.Invalid + c.PublishFailures + c.Queued);
        output.WriteLine($"published {c.Published}, dropped {c.Dropped} of 12000 committed as fast as possible");
    }

    [Fact]
    public async Task Broker_Outage_Of_5s_Publisher_Never_Throws_Reconnects_And_Counts_Drops()
    {
        var options = TestPredictions.Options(broker.Uri, "outage-1")
            .WithQueueCapacity(64)
            .WithPredictionExpiry(TimeSpan.FromSeconds(30))
            .Build();
        await using var publisher = new MqttPredictionPublisher(options, output.WriteLine);
        await publisher.StartAsync(failFast: true);

        // The predictor loop at 100 Hz; any exception it meets is a failure of the publisher's contract.
        await using var producer = SteadyProducer.Start(publisher);

        await Wait.UntilAsync(() => publisher.Counters.Published >= 50, "50 predictions published before the outage");
        await broker.StopAsync();
        var outage = Stopwatch.StartNew();
        await Wait.UntilAsync(() => !publisher.IsConnected, "the publisher noticed the outage");
        var remaining = TimeSpan.FromSeconds(5) - outage.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining); // the outage itself is the scenario: 5 s
        }

        var publishedDuringOutage = publisher.Counters.Published;
        await broker.StartAsync();
        outage.Stop();
        var sinceRestart = Stopwatch.StartNew();

        await Wait.UntilAsync(() => publisher.IsConnected && publisher.Counters.Reconnects >= 1, "the publisher reconnected by itself");
        var reconnectedAfter = sinceRestart.Elapsed;
        await using var after = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/outage-1/+");
        await after.WaitForAsync(m => m.Count(x => x.Topic.EndsWith("/prediction", StringComparison.Ordinal)) >= 20, "fresh predictions after the restart");
        await producer.StopAsync();
        Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(5)));

        Assert.Null(producer.Error);
        var c = publisher.Counters;
        Assert.True(c.Dropped > 0, "the queue of 64 cannot hold 5 s at 100 Hz: drops must be counted");
        Assert.True(c.Published > publishedDuringOutage);
        Assert.Equal(producer.Committed, c.Published + c.Dropped + c.Expired + c.Invalid + c.PublishFailures + c.Queued);

        // The restarted broker (no persistence) learns the status again from the reconnect.
        var status = after.Messages.FirstOrDefault(x => x.Topic.EndsWith("/status", StringComparison.Ordinal));
        Assert.NotNull(status);
        Assert.Equal("online", StateOf(status));
        output.WriteLine($"outage {outage.Elapsed.TotalSeconds:0.0} s, reconnected {reconnectedAfter.TotalSeconds:0.00} s after the broker came back; committed {producer.Committed}, published {c.Published}, dropped {c.Dropped}, expired {c.Expired}, failures {c.PublishFailures}, reconnects {c.Reconnects}");
    }
}
