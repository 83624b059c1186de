using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Tools.Tests.Core;
using EdgeLstm.Worker.Service;

namespace EdgeLstm.EndToEnd.Tests;

/// <summary>
/// The worker publishes each prediction's regions as they stand: ν ("spread_dof") starts as the model
/// file's and follows the spread calibrator once the run has widened the 50 % regions, pose by pose.
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
    public void Yaw_Dof_Is_The_Model_Files_At_Every_Prediction()
    {
        var config = ConstantSpreadModels.Config(sigmaPerStep: 0.008f, nu: FileNu);
        var yawNu = Enumerable.Range(0, ConstantSpreadModels.Steps).Select(k => k < 5 ? float.PositiveInfinity : 2.1f + (0.1f * k)).ToArray();
        config = config with { Uncertainty = config.Uncertainty! with { YawDegreesOfFreedom = yawNu } };
        var predictor = new PathPredictor(config, new ConstantSpreadModels.NoisyStepper(), new GuardSettings { Enabled = false, SpreadAdaptation = 0.1 });
        var ring = new PredictionRing(capacity: 4, maxPoses: ConstantSpreadModels.Steps);
        var pipeline = new PredictionPipeline(predictor, ring, "yaw-shape-test");
        var simulator = new RobotSimulator(new SimulatorOptions { Seed = 9, Seconds = 10 });
        var assembler = pipeline.CreateAssembler(simulator);
        var expected = yawNu.Select(v => float.IsFinite(v) ? Math.Round(v, 3) : double.PositiveInfinity).ToArray();
        var seen = 0;
        foreach (var sensorEvent in simulator.ReadEvents())
        {
            pipeline.Feed(assembler, sensorEvent);
            while (ring.TryDequeue(out var slot))
            {
                // Per pose (ν varies along the path), rounded to three decimals, +∞ for the Gaussian poses.
                Assert.Equal(expected, slot.YawDegreesOfFreedomPerPose.ToArray());
                Assert.Equal(2.6, slot.YawDegreesOfFreedomPerPose.Span[5]);
                seen++;
                ring.Release(slot);
            }
        }

        Assert.True(seen > 100, $"{seen} predictions");
    }
}
