using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Predictor.Loading;
using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Tools.Bench;
using EdgeLstm.Worker.Service;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests;

/// <summary>The per-frame loop (assembler, predictor, odometry transform, queue slot) allocates nothing.</summary>
public sealed class PerFrameAllocationTests(ITestOutputHelper output)
{
    [Fact]
    public Task Per_Frame_Loop_Allocates_0_Bytes_Over_10000_Frames_With_A_Dropping_Queue() => MeasureAsync(TestModels.Path);

    [Fact]
    public async Task Per_Frame_Loop_With_Uncertainty_Of_An_Int8_Ensemble_Allocates_0_Bytes()
    {
        var path = TestModels.Int8EnsembleWithSpread(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"edge-lstm-alloc-spread-{Environment.ProcessId}.elstm"));
        try
        {
            var predictor = ModelLoader.LoadPredictor(path);
            Assert.NotNull(predictor.Uncertainty);
            Assert.False(predictor.Config.Uncertainty!.IsGaussian, "the regions are Student-t: ν is tracked and published per pose");
            await MeasureAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task MeasureAsync(string modelPath)
    {
        var predictor = ModelLoader.LoadPredictor(modelPath);
        var mqtt = new MqttSettings { Broker = "mqtt://127.0.0.1:1", QueueCapacity = 16 };

        // Never started: nothing sends, so the queue is full after 16 frames and drops the oldest at every commit.
        await using var publisher = new MqttPredictionPublisher(PublisherOptionsFactory.Create(mqtt, "alloc", predictor.Config));
        var pipeline = new PredictionPipeline(predictor, publisher.Ring, predictor.Config.Name);
        var simulator = new RobotSimulator(new SimulatorOptions { Seed = 2, Seconds = 240 });
        var events = simulator.ReadEvents().ToArray();

        long allocated = -1;
        long measuredFrames = 0;
        var thread = new Thread(() =>
        {
            var assembler = pipeline.CreateAssembler(simulator);
            var i = 0;
            while (pipeline.Counters.Frames < 500)
            {
                pipeline.Feed(assembler, in events[i++]); // warm-up: JIT, first-use buffers
            }

            var framesBefore = pipeline.Counters.Frames;
            var before = GC.GetAllocatedBytesForCurrentThread();
            while (pipeline.Counters.Frames - framesBefore < 10_000)
            {
                pipeline.Feed(assembler, in events[i++]);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            measuredFrames = pipeline.Counters.Frames - framesBefore;
        });
        thread.Start();
        thread.Join();

        var dropped = publisher.Counters.Dropped;
        output.WriteLine($"{measuredFrames} frames, {allocated} bytes allocated, {dropped} predictions dropped by the full queue, step p50 {pipeline.StepLatency.Summarize().P50Micros:0.0} us");
        Assert.Equal(10_000, measuredFrames);
        Assert.Equal(0, allocated);
        Assert.True(dropped >= 10_000);
    }
}
