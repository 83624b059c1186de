using System.Text.Json;
using EdgeLstm.Messaging.Options;
using EdgeLstm.Messaging.Payload;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Messaging.Subscribing;
using EdgeLstm.Messaging.Tests.Infrastructure;
using MQTTnet.Formatter;
using Xunit.Abstractions;

namespace EdgeLstm.Messaging.Tests;

/// <summary>The publisher and the subscriber in MQTT 3.1.1 as well as 5, against the same broker.</summary>
[Collection(BrokerGroup.Name)]
public sealed class ProtocolVersionTests(MosquittoFixture broker, ITestOutputHelper output)
{
    private static readonly MiniJsonSchemaValidator Schema = MiniJsonSchemaValidator.FromFile(TestPredictions.SchemaPath);
    private static readonly MiniJsonSchemaValidator StatusSchema = MiniJsonSchemaValidator.FromFile(TestPredictions.StatusSchemaPath);

    [Theory]
    [InlineData(MqttProtocol.V5)]
    [InlineData(MqttProtocol.V311)]
    public async Task Predictions_Status_And_Meta_Arrive_In_Either_Version(MqttProtocol protocol)
    {
        var robot = $"version-{protocol}".ToLowerInvariant();
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, $"edge-lstm/{robot}/prediction");
        var options = TestPredictions.Options(broker.Uri, robot).WithProtocol(protocol).Build();
        await using var publisher = new MqttPredictionPublisher(options, output.WriteLine);
        await publisher.StartAsync(failFast: true);
        await publisher.PublishMetaAsync("""{"model":"m"}""");
        Assert.Equal(protocol, publisher.Protocol);

        for (var seq = 0; seq < 20; seq++)
        {
            Assert.True(TestPredictions.Publish(publisher, seq));
        }

        Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(5)));
        await recorder.WaitForAsync(m => m.Count >= 20, "20 predictions");
        foreach (var message in recorder.Messages)
        {
            Assert.Empty(Schema.Validate(message.Payload));
            if (protocol == MqttProtocol.V5)
            {
                Assert.Equal("application/json", message.ContentType);
                Assert.InRange(message.ExpiryInterval, 1u, 2u);
            }
            else
            {
                // 3.1.1 has no properties: nothing the broker could pass on.
                Assert.Null(message.ContentType);
                Assert.Equal(0u, message.ExpiryInterval);
            }
        }

        await using var late = await TopicRecorder.StartAsync(broker.Port, $"edge-lstm/{robot}/+", MqttProtocolVersion.V311);
        await late.WaitForAsync(m => m.Any(x => x.Topic.EndsWith("/status", StringComparison.Ordinal)) && m.Any(x => x.Topic.EndsWith("/meta", StringComparison.Ordinal)), "retained status and meta");
        var status = late.Messages.First(x => x.Topic.EndsWith("/status", StringComparison.Ordinal));
        Assert.True(status.Retain);
        Assert.Empty(StatusSchema.Validate(status.Payload));
        using var statusJson = JsonDocument.Parse(status.Payload);
        Assert.Equal(protocol.ToName(), statusJson.RootElement.GetProperty("details").GetProperty("link").GetProperty("protocol").GetString());

        using var meta = JsonDocument.Parse(late.Messages.First(x => x.Topic.EndsWith("/meta", StringComparison.Ordinal)).Payload);
        var mqtt = meta.RootElement.GetProperty("mqtt");
        Assert.Equal("m", meta.RootElement.GetProperty("model").GetString());
        Assert.Equal(protocol.ToName(), mqtt.GetProperty("protocol").GetString());
        Assert.Equal(protocol == MqttProtocol.V311, mqtt.TryGetProperty("dropped_properties", out _));
    }

    [Fact]
    public async Task Last_Will_Says_Offline_In_3_1_1()
    {
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/will-311/status", MqttProtocolVersion.V311);
        await using var proxy = new TcpDropProxy(broker.Port);
        var options = TestPredictions.Options(proxy.Uri, "will-311").WithProtocol(MqttProtocol.V311).Build();
        await using var publisher = new MqttPredictionPublisher(options, output.WriteLine);
        await publisher.StartAsync(failFast: true);
        await recorder.WaitForAsync(m => m.Any(x => State(x) == "online"), "status online");

        await proxy.CutAsync();

        await recorder.WaitForAsync(m => m.Any(x => State(x) == "offline"), "the Last Will (offline)");
        await using var late = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/will-311/status");
        await late.WaitForAsync(m => m.Count > 0, "retained status");
        Assert.Equal("offline", State(late.Messages[0]));
        Assert.True(late.Messages[0].Retain);
    }

    [Fact]
    public async Task Auto_Speaks_5_To_A_Broker_That_Accepts_It()
    {
        var options = TestPredictions.Options(broker.Uri, "auto-5").WithProtocol("auto").Build();
        await using var publisher = new MqttPredictionPublisher(options, output.WriteLine);
        await publisher.StartAsync(failFast: true);

        Assert.Equal(MqttProtocol.V5, publisher.Protocol);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("3.1.1")]
    public async Task Subscriber_Reads_Predictions_And_Status_In_Either_Version(string version)
    {
        var robot = "sub-" + version.Replace(".", string.Empty, StringComparison.Ordinal);
        var subscriberOptions = new MqttPublisherOptionsBuilder().WithBroker(broker.Uri).WithRobotId(robot).WithProtocol(version).BuildSubscriberOptions();
        await using var subscriber = new PredictionSubscriber(subscriberOptions);
        await subscriber.ConnectAsync();
        Assert.Equal(MqttProtocolNames.Parse(version), subscriber.Protocol);

        await using var publisher = new MqttPredictionPublisher(TestPredictions.Options(broker.Uri, robot).Build(), output.WriteLine);
        await publisher.StartAsync(failFast: true);
        for (var seq = 0; seq < 5; seq++)
        {
            TestPredictions.Publish(publisher, seq);
        }

        Assert.True(await publisher.FlushAsync(TimeSpan.FromSeconds(5)));
        var seen = new List<ObservedMessage>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (seen.OfType<ObservedPrediction>().Count() < 5 || !seen.OfType<ObservedStatus>().Any())
        {
            seen.Add(await subscriber.Messages.ReadAsync(timeout.Token));
        }

        Assert.Equal([0L, 1, 2, 3, 4], seen.OfType<ObservedPrediction>().Select(p => p.Seq));
        Assert.Equal("online", seen.OfType<ObservedStatus>().First().State);
    }

    [Fact]
    public void Unknown_Version_Is_Refused_Naming_The_Option()
    {
        var error = Assert.Throws<InvalidMqttOptionException>(() => TestPredictions.Options(broker.Uri, "v").WithProtocol("4.0").Build());

        Assert.Equal("ProtocolVersion", error.OptionName);
        Assert.Contains("5, 3.1.1 or auto", error.Message, StringComparison.Ordinal);
    }

    private static string State(RecordedMessage message)
    {
        using var document = JsonDocument.Parse(message.Payload);
        return document.RootElement.GetProperty("state").GetString()!;
    }
}
