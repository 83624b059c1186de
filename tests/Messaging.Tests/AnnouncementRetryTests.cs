using System.Text.Json;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Messaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeLstm.Messaging.Tests;

/// <summary>
/// The retained status and meta sent after a connect are sent again, on the same connection, until the
/// broker accepts them: a broker that refuses (here mosquitto's access list, answered with "not
/// authorized" under MQTT 5) or times out (a NATS cluster electing the leader of its retained-message
/// stream) must not leave a stale status behind until the next reconnection.
/// </summary>
[Collection(BrokerGroup.Name)]
public sealed class AnnouncementRetryTests(MosquittoFixture broker, ITestOutputHelper output)
{
    private const string Robot = "acl-1";

    private static readonly string Refusing = $"""
        topic readwrite edge-lstm/{Robot}/prediction
        topic read edge-lstm/#

        """;

    private static readonly string Allowing = Refusing + $"topic readwrite edge-lstm/{Robot}/status\ntopic readwrite edge-lstm/{Robot}/meta\n";

    [MosquittoFact]
    public async Task A_Refused_Announcement_Is_Retried_On_The_Same_Connection_Until_Accepted()
    {
        var (aclBroker, aclFile) = await broker.StartAclBrokerAsync("acl", Refusing);
        await using var recorder = await TopicRecorder.StartAsync(aclBroker.Port, $"edge-lstm/{Robot}/+");
        await using var publisher = new MqttPredictionPublisher(TestPredictions.Options(aclBroker.Uri, Robot).Build(), output.WriteLine);
        await publisher.StartAsync(failFast: true);
        await publisher.PublishMetaAsync("""{"model":"m","schema":1}""");

        // Predictions flow while the retained topics are refused.
        Assert.True(TestPredictions.Publish(publisher, 1));
        await recorder.WaitForAsync(m => m.Any(x => x.Topic.EndsWith("/prediction", StringComparison.Ordinal)), "the prediction");
        Assert.Contains("not", publisher.LastError ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(recorder.Messages, x => x.Topic.EndsWith("/status", StringComparison.Ordinal));

        await File.WriteAllTextAsync(aclFile, Allowing);
        await aclBroker.ReloadAsync();

        await recorder.WaitForAsync(
            m => m.Any(x => x.Topic.EndsWith("/status", StringComparison.Ordinal)) && m.Any(x => x.Topic.EndsWith("/meta", StringComparison.Ordinal)),
            "status and meta after the access list allowed them",
            TimeSpan.FromSeconds(20));
        var status = recorder.Messages.First(x => x.Topic.EndsWith("/status", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(status.Payload);
        Assert.Equal("online", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(0, publisher.Counters.Reconnects);
        Assert.True(publisher.IsConnected);
    }
}
