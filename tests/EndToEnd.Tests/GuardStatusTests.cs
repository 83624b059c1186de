using System.Buffers;
using System.Text;
using System.Text.Json;
using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Messaging.Subscribing;
using EdgeLstm.Messaging.Tests.Infrastructure;
using EdgeLstm.Predictor.Loading;
using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Worker.Service;
using EdgeLstm.Worker.Watch;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests;

/// <summary>The residual guard's gain and its corrections of the prior and the headings travel on the status topic; the gain shows in watch.</summary>
[Collection(BrokerGroup.Name)]
public sealed class GuardStatusTests(MosquittoFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Status_Carries_The_Guard_Gain_And_Watch_Shows_It()
    {
        var predictor = ModelLoader.LoadPredictor(TestModels.Path);
        var mqtt = new MqttSettings { Broker = broker.Uri.ToString() };
        await using var publisher = new MqttPredictionPublisher(PublisherOptionsFactory.Create(mqtt, "e2e-guard", predictor.Config), output.WriteLine);
        await publisher.StartAsync(failFast: true);
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/e2e-guard/status");
        var pipeline = new PredictionPipeline(predictor, publisher.Ring, predictor.Config.Name);
        var status = new StatusReporter(publisher, pipeline, null, "test sensors", output.WriteLine);

        // Six seconds of frames: the guard has scored four seconds of realised futures.
        var simulator = new RobotSimulator(new SimulatorOptions { Seed = 7, Seconds = 6 });
        var assembler = pipeline.CreateAssembler(simulator);
        foreach (var sensorEvent in simulator.ReadEvents())
        {
            pipeline.Feed(assembler, sensorEvent);
        }

        await status.PublishInitialAsync(CancellationToken.None);
        await recorder.WaitForAsync(m => m.Any(x => x.Payload.Contains("\"guard\"", StringComparison.Ordinal)), "a status with the guard");
        var message = recorder.Messages.Last(x => x.Payload.Contains("\"guard\"", StringComparison.Ordinal));
        Assert.Empty(Payloads.StatusSchema.Validate(message.Payload));
        using (var document = JsonDocument.Parse(message.Payload))
        {
            var details = document.RootElement.GetProperty("details");
            Assert.True(details.GetProperty("memory").GetProperty("rss_bytes").GetInt64() > 0);
            Assert.True(details.GetProperty("memory").GetProperty("heap_bytes").GetInt64() > 0, "the managed heap is not empty, even before any collection");
            var correction = predictor.Guard.Correction!;
            Assert.Equal(Math.Round(correction.Rotation(predictor.GuardGains.Length - 1), 3), details.GetProperty("guard").GetProperty("rotation_correction_2s").GetDouble());
            Assert.Equal(Math.Round(correction.CurvatureScale(predictor.GuardGains.Length - 1), 3), details.GetProperty("guard").GetProperty("curvature_correction_2s").GetDouble());
            Assert.Equal(Math.Round(correction.ConstantTurnShare(predictor.GuardGains.Length - 1), 3), details.GetProperty("guard").GetProperty("constant_turn_share_2s").GetDouble());
            var headings = predictor.Guard.Headings!;
            Assert.Equal(Math.Round(headings.Gain(predictor.GuardGains.Length - 1), 3), details.GetProperty("guard").GetProperty("heading_gain_2s").GetDouble());
            Assert.Equal(Math.Round(headings.TurnScale(predictor.GuardGains.Length - 1), 3), details.GetProperty("guard").GetProperty("heading_scale_correction_2s").GetDouble());
            Assert.Equal(Math.Round(headings.Offset(predictor.GuardGains.Length - 1), 3), details.GetProperty("guard").GetProperty("heading_offset_2s").GetDouble());
            if (predictor.SpreadCalibrator is { } calibrator)
            {
                Assert.Equal(Math.Round(calibrator.Scales[^1], 3), details.GetProperty("guard").GetProperty("spread_scale_2s").GetDouble());
                Assert.Equal(Math.Round(calibrator.YawScales[^1], 3), details.GetProperty("guard").GetProperty("yaw_spread_scale_2s").GetDouble());
            }
        }


        var observed = Assert.IsType<ObservedStatus>(ObservedMessageParser.ParseStatus("e2e-guard", message.Topic, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(message.Payload)), retained: true));
        Assert.Equal(Math.Round(predictor.MeanGuardGain, 3), observed.GuardGain);
        Assert.InRange(observed.GuardGain!.Value, 0, 1);

        var board = new WatchBoard();
        board.Observe(observed);
        board.Observe(new ObservedPrediction("e2e-guard", "edge-lstm/e2e-guard/prediction", 1, 0.1, new ObservedPose(0, 0, 0), null, 0, predictor.Config.Name, 12.5));
        Assert.Contains(board.Render(), line => line.Contains($"gain {observed.GuardGain:F2}", StringComparison.Ordinal));
    }
}
