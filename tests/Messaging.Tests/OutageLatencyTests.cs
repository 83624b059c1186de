using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Messaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeLstm.Messaging.Tests;

/// <summary>
/// The frame-to-publish figure outside outages leaves out exactly the predictions that were queued
/// across a reconnect, so an outage's backlog cannot hide (or fake) a stalled frame loop.
/// </summary>
[Collection(BrokerGroup.Name)]
public sealed class OutageLatencyTests(MosquittoFixture broker, ITestOutputHelper output)
{
    /// <summary>The length of the outage is the scenario itself, not a wait for something to happen.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(1);

    [MosquittoFact]
    public async Task Predictions_Queued_Across_A_Reconnect_Are_Left_Out_Of_The_Latency_On_One_Connection()
    {
        await using var mosquitto = await broker.StartPlainBrokerAsync("outage-latency");
        const int capacity = 64;
        var options = TestPredictions.Options(mosquitto.Uri, "outage-latency-1")
            .WithQueueCapacity(capacity)
            .WithPredictionExpiry(TimeSpan.FromSeconds(30))
            .Build();
        await using var publisher = new MqttPredictionPublisher(options, output.WriteLine);
        await publisher.StartAsync(failFast: true);

        await using var producer = SteadyProducer.Start(publisher);

        await Wait.UntilAsync(() => publisher.Counters.Published >= 30, "predictions before the outage");
        await mosquitto.StopAsync();
        await Wait.UntilAsync(() => !publisher.IsConnected, "the publisher saw the outage");
        await Task.Delay(Outage);
        await mosquitto.StartAsync();
        await Wait.UntilAsync(() => publisher.IsConnected && publisher.Counters.Reconnects == 1, "the publisher reconnected");
        var afterReconnect = publisher.Counters.Published;
        await Wait.UntilAsync(() => publisher.Counters.Published >= afterReconnect + 200, "predictions after the outage");
        await producer.StopAsync();
        Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(5)));
        Assert.Null(producer.Error);

        var c = publisher.Counters;
        var all = publisher.Latency;
        var clear = publisher.LatencyOnOneConnection;
        output.WriteLine($"published {c.Published}, dropped {c.Dropped}; all p99 {all.P99Micros:0} us max {all.MaxMicros:0} us ({all.Count}); on one connection p99 {clear.P99Micros:0} us max {clear.MaxMicros:0} us ({clear.Count})");
        Assert.Equal(c.Published, all.Count);

        // The backlog (at most the queue) sat out the outage; everything else went out on one connection.
        // The backlog is over a fifth of all, so it sets the overall p99, and leaving it out must bring
        // the p99 down. (Not the maximum: a thread-pool stall on a busy CI machine once held one
        // prediction on the new connection for 0.9 s, as long as the backlog had waited.)
        Assert.InRange(all.Count - clear.Count, 1, capacity);
        Assert.True(all.MaxMicros >= 300_000, $"a queued prediction waited only {all.MaxMicros:0} us across a {Outage.TotalSeconds} s outage");
        Assert.True(all.P99Micros >= 100_000, $"overall p99 {all.P99Micros:0} us: the backlog did not set it");
        // Predictions enqueued just after the reconnect are on one connection but wait behind the
        // backlog's drain (up to 64 publishes): on one fresh-clone CI run that held them 111-129 ms, the
        // p99 on one connection then 0.18 of the overall 0.62 s, so the bound is a quarter, not a tenth.
        // Counting the backlog in would leave the two p99s equal.
        Assert.True(clear.P99Micros < all.P99Micros / 4, $"on one connection p99 {clear.P99Micros:0} us, overall {all.P99Micros:0} us");
    }
}
