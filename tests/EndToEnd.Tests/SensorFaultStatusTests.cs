using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Messaging.Tests.Infrastructure;
using EdgeLstm.Predictor.Loading;
using EdgeLstm.Sensors.Devices;
using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Worker.Service;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests;

/// <summary>A degraded sensor shows on the status topic and in the frames; recovery brings "online" back.</summary>
[Collection(BrokerGroup.Name)]
public sealed class SensorFaultStatusTests(MosquittoFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Degraded_Sensor_Is_Reported_With_Its_Reason_And_Flags_Frames_Then_Recovers_To_Online()
    {
        var predictor = ModelLoader.LoadPredictor(TestModels.Path);
        var mqtt = new MqttSettings { Broker = broker.Uri.ToString() };
        await using var publisher = new MqttPredictionPublisher(PublisherOptionsFactory.Create(mqtt, "e2e-fault", predictor.Config), output.WriteLine);
        await publisher.StartAsync(failFast: true);
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/e2e-fault/status");

        var health = SensorHealth.Healthy;
        var pipeline = new PredictionPipeline(predictor, publisher.Ring, predictor.Config.Name);
        var status = new StatusReporter(publisher, pipeline, () => health, "test sensors", output.WriteLine);
        var simulator = new RobotSimulator(new SimulatorOptions { Seed = 4, Seconds = 4 });
        using var events = simulator.ReadEvents().GetEnumerator();
        var assembler = pipeline.CreateAssembler(simulator);
        void Feed(int frames)
        {
            var target = pipeline.Counters.Frames + frames;
            while (pipeline.Counters.Frames < target && events.MoveNext())
            {
                pipeline.Feed(assembler, events.Current);
            }
        }

        await status.PublishInitialAsync(CancellationToken.None);
        Feed(20);
        Assert.Equal(0, pipeline.Counters.FaultFrames);

        health = SensorHealth.Degraded("imu: 5 failed reads in a row");
        await status.CheckAsync(CancellationToken.None);
        Feed(20);
        await recorder.WaitForAsync(m => m.Any(x => Payloads.State(x) == "degraded" && x.Payload.Contains("imu: 5 failed reads", StringComparison.Ordinal)), "status degraded with the reason");
        Assert.InRange(pipeline.Counters.FaultFrames, 19, 20);

        health = SensorHealth.Healthy;
        await status.CheckAsync(CancellationToken.None);
        Feed(20);
        await recorder.WaitForAsync(m => m.Count > 0 && Payloads.State(m[^1]) == "online", "status online again");
        Assert.InRange(pipeline.Counters.FaultFrames, 19, 21);
        foreach (var message in recorder.Messages)
        {
            Assert.Empty(Payloads.StatusSchema.Validate(message.Payload));
        }
    }
}
