using System.Diagnostics;
using System.Text.Json;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Messaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeLstm.Messaging.Tests;

/// <summary>A publisher given two brokers moves to the second when the first dies, and says where it is.</summary>
[Collection(BrokerGroup.Name)]
public sealed class FailoverTests(MosquittoFixture broker, ITestOutputHelper output)
{
    [MosquittoFact]
    public async Task Publisher_Moves_To_The_Next_Broker_When_Its_Broker_Dies_And_Accounts_For_Every_Prediction()
    {
        var first = await broker.StartPlainBrokerAsync("failover-a");
        var second = await broker.StartPlainBrokerAsync("failover-b");
        var options = TestPredictions.Options(first.Uri, "failover-1")
            .WithBroker($"{first.Uri},{second.Uri}")
            .WithQueueCapacity(64)
            .Build();
        await using var onSecond = await TopicRecorder.StartAsync(second.Port, "edge-lstm/failover-1/+");
        await using var publisher = new MqttPredictionPublisher(options, output.WriteLine);
        await publisher.StartAsync(failFast: true);
        Assert.Equal(first.Port, publisher.Broker!.Port);

        await using var producer = SteadyProducer.Start(publisher);

        await Wait.UntilAsync(() => publisher.Counters.Published >= 30, "predictions through the first broker");
        await first.StopAsync();
        var killed = Stopwatch.StartNew();
        await Wait.UntilAsync(() => publisher.IsConnected && publisher.Broker!.Port == second.Port, "the publisher moved to the second broker");
        var moved = killed.Elapsed;
        await onSecond.WaitForAsync(m => m.Count(x => x.Topic.EndsWith("/prediction", StringComparison.Ordinal)) >= 20, "predictions on the second broker");
        await producer.StopAsync();
        Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(5)));
        Assert.Null(producer.Error);

        var status = onSecond.Messages.Last(x => x.Topic.EndsWith("/status", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(status.Payload);
        Assert.Equal(second.Uri.ToString().TrimEnd('/'), document.RootElement.GetProperty("details").GetProperty("link").GetProperty("broker").GetString());
        var c = publisher.Counters;
        Assert.Equal(1, c.Reconnects);
        Assert.Equal(producer.Committed, c.Published + c.Dropped + c.Expired + c.Invalid + c.PublishFailures + c.Queued);
        Assert.True(moved < TimeSpan.FromSeconds(5), $"took {moved.TotalSeconds:0.0} s to move");
        output.WriteLine($"moved to the second broker {moved.TotalMilliseconds:0} ms after the first was killed; committed {producer.Committed}, published {c.Published}, dropped {c.Dropped}, failures {c.PublishFailures}");
    }
}
