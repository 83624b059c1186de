using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Tools.Tests.Core;
using EdgeLstm.Worker.Service;

namespace EdgeLstm.EndToEnd.Tests;

/// <summary>
/// The worker publishes each prediction's regions and heading intervals as they stand: ν ("spread_dof",
/// "yaw_dof") starts as the model file's and follows the spread calibrator, pose by pose.
/// (How a message with either form of ν is written and validates: PredictionJsonTests.)
/// </summary>
public sealed class PublishedRegionShapeTests
{
    private const float FileNu = 1.5f;

    [Fact]
    public void Spread_Dof_Starts_As_The_Files_And_Follows_The_Widened_Regions()
    {
        // Spreads of 8 mm per step of horizon, ν = 1.5, on a path with 2 cm of Gaussian noise per step.
        var config = ConstantSpreadModels.Config(sigmaPerStep: 0.008f, nu: FileNu);
        var predictor = new PathPredictor(config, new ConstantSpreadModels.NoisyStepper(), new GuardSettings { Enabled = false, SpreadAdaptation = 0.1 });
        var ring = new PredictionRing(capacity: 4, maxPoses: ConstantSpreadModels.Steps);
        var pipeline = new PredictionPipeline(predictor, ring, "shape-test");
        var simulator = new RobotSimulator(new SimulatorOptions { Seed = 9, Seconds = 120 });
        var assembler = pipeline.CreateAssembler(simulator);
        (double Uniform, double[] PerPose)? first = null;
        foreach (var sensorEvent in simulator.ReadEvents())
        {
            pipeline.Feed(assembler, sensorEvent);
            if (first is null && ring.TryDequeue(out var slot))
            {
                first = (slot.SpreadDegreesOfFreedom, slot.SpreadDegreesOfFreedomPerPose.ToArray());
                ring.Release(slot);
            }
        }

        // Before any pose has matured: one number, the file's ν at every pose.
        Assert.NotNull(first);
        Assert.Equal(FileNu, first.Value.Uniform);
        Assert.Empty(first.Value.PerPose);

        // After two minutes of a run whose errors are lighter-tailed than ν = 1.5: one ν per pose, each
        // the calibrator's (to three decimals), higher than the file's at 1 s.
        double[] published = [];
        while (ring.TryDequeue(out var slot))
        {
            published = slot.SpreadDegreesOfFreedomPerPose.ToArray();
            ring.Release(slot);
        }

        var expected = predictor.SpreadCalibrator!.DegreesOfFreedom.ToArray().Select(v => float.IsFinite(v) ? Math.Round(v, 3) : double.PositiveInfinity).ToArray();
        Assert.Equal(expected, published);
        Assert.True(published[9] > 2 * FileNu, $"ν published at 1 s: {published[9]}");
    }

    [Fact]
    public void Yaw_Dof_Starts_As_The_Files_And_Follows_The_Calibrator()
    {
        var config = ConstantSpreadModels.Config(sigmaPerStep: 0.008f, nu: FileNu);
        var yawNu = Enumerable.Range(0, ConstantSpreadModels.Steps).Select(k => k < 5 ? float.PositiveInfinity : 2.1f + (0.1f * k)).ToArray();
        config = config with { Uncertainty = config.Uncertainty! with { YawDegreesOfFreedom = yawNu } };
        var predictor = new PathPredictor(config, new ConstantSpreadModels.NoisyStepper(), new GuardSettings { Enabled = false, SpreadAdaptation = 0.1 });
        var ring = new PredictionRing(capacity: 4, maxPoses: ConstantSpreadModels.Steps);
        var pipeline = new PredictionPipeline(predictor, ring, "yaw-shape-test");
        var simulator = new RobotSimulator(new SimulatorOptions { Seed = 9, Seconds = 120 });
        var assembler = pipeline.CreateAssembler(simulator);
        double[]? first = null;
        double[] last = [];
        foreach (var sensorEvent in simulator.ReadEvents())
        {
            pipeline.Feed(assembler, sensorEvent);
            while (ring.TryDequeue(out var slot))
            {
                // A copy held by the slot: the pipeline overwrites its own array for the next prediction.
                last = slot.YawDegreesOfFreedomPerPose.ToArray();
                first ??= last;
                ring.Release(slot);
            }
        }

        // Before any pose has matured: the file's ν, per pose (it varies along the path), rounded to three
        // decimals, +∞ for the Gaussian poses.
        var fromFile = yawNu.Select(v => float.IsFinite(v) ? Math.Round(v, 3) : double.PositiveInfinity).ToArray();
        Assert.Equal(fromFile, first);
        Assert.Equal(2.6, first![5]);

        // After two minutes: the calibrator's, which the run's heading errors have moved off the file's.
        var expected = predictor.SpreadCalibrator!.YawDegreesOfFreedom.ToArray().Select(v => float.IsFinite(v) ? Math.Round(v, 3) : double.PositiveInfinity).ToArray();
        Assert.Equal(expected, last);
        Assert.NotEqual(fromFile[9], last[9]);
    }
}
