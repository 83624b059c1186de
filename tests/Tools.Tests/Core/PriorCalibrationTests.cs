using EdgeLstm.Predictor.Model;
using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Training;

namespace EdgeLstm.Tools.Tests.Core;

/// <summary>The calibrated prior recovers a speed sensor's known bias and picks the yaw rate the data has.</summary>
public sealed class PriorCalibrationTests
{
    private static Recording Simulated(int seed, Kinematics kinematics = Kinematics.Differential) =>
        RecordingLoader.FromSource($"sim-{seed}", new RobotSimulator(new SimulatorOptions { Seed = seed, Seconds = 120, Kinematics = kinematics }), 50, 20, 0.1);

    [Theory]
    [InlineData(1.25)]
    [InlineData(0.9)]
    public void Recovers_The_Speed_Scale_Of_A_Biased_Speed_Sensor(double bias)
    {
        var run = Simulated(3);
        var unbiased = PriorCalibration.Fit([run], 20, 0.1);

        // The speed sensor reads bias × the speed: the calibrated prior must scale it back by 1 / bias.
        for (var f = 0; f < run.Length; f++)
        {
            run.Frames[f].V *= bias;
        }

        var biased = PriorCalibration.Fit([run], 20, 0.1);
        Assert.InRange(unbiased.SpeedScale, 0.97, 1.03);
        Assert.InRange(biased.SpeedScale * bias, 0.97, 1.03);
        Assert.Equal(unbiased.Tau, biased.Tau);
    }

    [Fact]
    public void Recording_Without_An_Imu_Turns_With_Its_Odometry()
    {
        var run = Simulated(4);
        var noImu = new Recording(run.Name, run.Frames, run.Targets, run.KnownSteps, run.TargetsFromGroundTruth, run.HorizonSteps, hasImu: false);
        Assert.Equal(PriorYawSource.Odometry, PriorCalibration.Fit([noImu], 20, 0.1).YawSource);
        Assert.Equal(["v", "w", "gap"], FeatureSelection.For([noImu], ["v", "w", "gz", "ax", "ay", "gap"]));
    }
}
