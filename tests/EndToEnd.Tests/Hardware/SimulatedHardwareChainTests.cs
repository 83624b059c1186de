using System.Text.Json;
using EdgeLstm.Sensors.Hardware;
using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Messaging.Tests.Infrastructure;
using EdgeLstm.Predictor.Loading;
using EdgeLstm.Worker.Service;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests.Hardware;

/// <summary>
/// The whole chain on simulated silicon: robot simulator -> simulated MPU-6050 registers and
/// quadrature GPIO -> real drivers (<c>HardwareSensorSource</c>) -> frame assembler -> predictor
/// (models/default.elstm) -> MQTT publisher -> a real mosquitto -> an independent subscriber.
/// </summary>
[Collection(BrokerGroup.Name)]
public sealed class SimulatedHardwareChainTests(MosquittoFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Hardware_Chain_Publishes_Schema_Valid_Predictions_Of_A_Robot_Driving_Forward()
    {
        await using var chain = await Chain.StartAsync(broker, "e2e-hw-drive", output);

        // Seed 1 pulls away within a second and cruises at 0.7-0.9 m/s from 2 s to 8 s.
        await chain.Predictions.WaitForAsync(m => m.Count(Payloads.IsPrediction) >= 250, "five seconds of predictions", TimeSpan.FromSeconds(20));
        var predictions = chain.Predictions.Messages.Where(Payloads.IsPrediction).ToList();
        foreach (var message in predictions)
        {
            Assert.Empty(Payloads.PredictionSchema.Validate(message.Payload));
        }

        // Frames are sampled on the source's clock and edges arrive on the motion thread's, so on
        // a busy machine a frame can see a late burst of edges: judge the typical frame, not each one.
        var cruising = predictions.Skip(150).Select(Parse).ToList();
        var speeds = cruising.Select(p => p.V).Order().ToList();
        Assert.InRange(speeds[speeds.Count / 2], 0.5, 1.1);
        Assert.True(cruising.Count(p => p.V is > 0.4 and < 1.3) >= cruising.Count * 0.9, $"speeds {string.Join(' ', speeds.Select(v => v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.True(chain.Rig.TrueSpeed > 0.5, $"the simulated robot drives at {chain.Rig.TrueSpeed:0.00} m/s");
        var forward = cruising.Select(p => p.ForwardAtHorizon).Order().ToList();

        // Two seconds at 0.7-0.9 m/s: the path's end lies ahead, about a metre or more and never absurdly far.
        Assert.InRange(forward[forward.Count / 2], 0.8, 2.5);
        Assert.True(forward[forward.Count / 10] > 0.5, $"a tenth of the predicted paths end less than {forward[forward.Count / 10]:0.00} m ahead");
        var travelled = Math.Sqrt(Math.Pow(cruising[^1].X - cruising[0].X, 2) + Math.Pow(cruising[^1].Y - cruising[0].Y, 2));
        var seconds = cruising[^1].T - cruising[0].T;
        Assert.InRange(travelled / seconds, 0.4, 1.3);
        output.WriteLine($"{predictions.Count} predictions; median end of path {forward[forward.Count / 2]:0.00} m ahead; odometry {travelled / seconds:0.00} m/s; {chain.Rig.Source.ReadErrors} read errors");
    }

    [Fact]
    public async Task Hardware_Chain_Reports_A_Failing_Chip_As_Degraded_Keeps_Predicting_And_Recovers_To_Online()
    {
        await using var chain = await Chain.StartAsync(broker, "e2e-hw-fault", output);
        await chain.Predictions.WaitForAsync(m => m.Count(Payloads.IsPrediction) >= 50, "a second of predictions", TimeSpan.FromSeconds(20));
        Assert.Equal(0, chain.Pipeline.Counters.FaultFrames);

        // Remote I/O errors on every read: retries, re-initialisations, all failing.
        chain.Rig.Chip.FailNextReads(int.MaxValue);
        await chain.Status.WaitForAsync(m => m.Any(x => Payloads.State(x) == "degraded" && x.Payload.Contains("imu:", StringComparison.Ordinal)), "status degraded with the IMU's reason", TimeSpan.FromSeconds(10));
        var during = chain.Pipeline.Counters.Predictions;
        await Wait.UntilAsync(() => chain.Pipeline.Counters.Predictions >= during + 50, "predictions while degraded (wheels still turn)");
        Assert.True(chain.Pipeline.Counters.FaultFrames >= 50, $"{chain.Pipeline.Counters.FaultFrames} frames flagged");
        var degraded = chain.Status.Messages.Last(x => Payloads.State(x) == "degraded");
        output.WriteLine(degraded.Payload);
        Assert.Contains("Remote I/O", degraded.Payload, StringComparison.Ordinal);

        chain.Rig.Chip.FailNextReads(0);
        await chain.Status.WaitForAsync(m => Payloads.State(m[^1]) == "online", "status online again", TimeSpan.FromSeconds(10));
        var flagged = chain.Pipeline.Counters.FaultFrames;
        var after = chain.Pipeline.Counters.Predictions;
        await Wait.UntilAsync(() => chain.Pipeline.Counters.Predictions >= after + 25, "predictions after recovery");
        Assert.InRange(chain.Pipeline.Counters.FaultFrames, flagged, flagged + 2);
        Assert.True(chain.Rig.Source.ReadErrors > 0);
        foreach (var message in chain.Status.Messages)
        {
            Assert.Empty(Payloads.StatusSchema.Validate(message.Payload));
        }
    }

    private static Prediction Parse(RecordedMessage message)
    {
        using var document = JsonDocument.Parse(message.Payload);
        var root = document.RootElement;
        var pose = root.GetProperty("pose");
        double x = pose.GetProperty("x").GetDouble(), y = pose.GetProperty("y").GetDouble(), yaw = pose.GetProperty("yaw").GetDouble();
        var end = root.GetProperty("path").EnumerateArray().Last();
        double dx = end[0].GetDouble() - x, dy = end[1].GetDouble() - y;
        var ahead = (Math.Cos(yaw) * dx) + (Math.Sin(yaw) * dy);
        return new Prediction(root.GetProperty("t").GetDouble(), x, y, root.GetProperty("v").GetDouble(), ahead);
    }

    private sealed record Prediction(double T, double X, double Y, double V, double ForwardAtHorizon);

    /// <summary>Rig, pipeline on its own thread, status reporter beside it, subscribers on the topics.</summary>
    private sealed class Chain : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _pipeline = Task.CompletedTask;
        private Task _status = Task.CompletedTask;

        private Chain(SimulatedRobotRig rig, MqttPredictionPublisher publisher, PredictionPipeline pipeline, TopicRecorder predictions, TopicRecorder status)
        {
            Rig = rig;
            Publisher = publisher;
            Pipeline = pipeline;
            Predictions = predictions;
            Status = status;
        }

        public SimulatedRobotRig Rig { get; }

        public MqttPredictionPublisher Publisher { get; }

        public PredictionPipeline Pipeline { get; }

        public TopicRecorder Predictions { get; }

        public TopicRecorder Status { get; }

        public static async Task<Chain> StartAsync(MosquittoFixture broker, string robot, ITestOutputHelper output)
        {
            var predictor = ModelLoader.LoadPredictor(TestModels.Path);
            var mqtt = new MqttSettings { Broker = broker.Uri.ToString() };
            var publisher = new MqttPredictionPublisher(PublisherOptionsFactory.Create(mqtt, robot, predictor.Config), output.WriteLine);
            await publisher.StartAsync(failFast: true);
            var predictions = await TopicRecorder.StartAsync(broker.Port, $"edge-lstm/{robot}/prediction");
            var status = await TopicRecorder.StartAsync(broker.Port, $"edge-lstm/{robot}/status");
            var rig = new SimulatedRobotRig(seed: 1);
            var pipeline = new PredictionPipeline(predictor, publisher.Ring, predictor.Config.Name);
            var chain = new Chain(rig, publisher, pipeline, predictions, status);
            var reporter = new StatusReporter(publisher, pipeline, () => rig.Source.Health, "hardware (simulated MPU-6050 and encoders)", output.WriteLine)
            {
                PollInterval = TimeSpan.FromMilliseconds(100),
            };
            await reporter.PublishInitialAsync(CancellationToken.None);
            rig.Drive();
            var token = chain._stop.Token;
            chain._pipeline = Task.Factory.StartNew(() => pipeline.RunSource(rig.Source, ReplaySpeed.Max, token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            chain._status = reporter.RunAsync(token);
            return chain;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _pipeline;
            await _status;
            Rig.Dispose();
            await Predictions.DisposeAsync();
            await Status.DisposeAsync();
            await Publisher.DisposeAsync();
            _stop.Dispose();
        }
    }
}
