using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>
/// Which turn rate the physics prior believes: the gyro while the IMU is fresh, the wheel odometry's
/// during an IMU gap and on a robot that has no IMU at all (whose gyro field is a zero, not a reading).
/// </summary>
public sealed class PhysicsPriorYawTests
{
    private static Frame Turning(FrameQuality quality) => new() { V = 1, Gz = 0.3, W = 0.5, Quality = quality };

    [Theory]
    [InlineData(FrameQuality.None, 0.3)]
    [InlineData(FrameQuality.ImuGap, 0.5)]
    [InlineData(FrameQuality.NoImu, 0.5)]
    [InlineData(FrameQuality.OdometryGap, 0.3)]
    public void Gyro_When_Fresh_Falls_Back_To_The_Odometry_Without_A_Fresh_Imu(FrameQuality quality, double expected)
    {
        var frame = Turning(quality);

        Assert.Equal(expected, PhysicsPrior.YawRate(in frame, PriorYawSource.GyroWhenFresh));
        Assert.Equal(0.5, PhysicsPrior.YawRate(in frame, PriorYawSource.Odometry));
    }

    [Fact]
    public void A_Robot_Without_An_Imu_Gets_A_Turning_Prior_From_Its_Wheels()
    {
        // A model trained with a gyro (the bundled default) on a robot with wheel odometry only.
        var prior = new PhysicsPrior(PriorKind.DampedTurnRate, tau: 0.4, stepSeconds: 0.1, steps: 20);
        var path = new float[3 * 20];
        var frame = new Frame { V = 1, Gz = 0, W = 0.5, Quality = FrameQuality.NoImu };

        prior.Path(in frame, path);

        // Turning left at 0.5 rad/s, decaying with τ = 0.4 s: the pose 2 s ahead is left of the straight line and yawed left.
        Assert.True(path[^2] > 0.05, $"y at 2 s {path[^2]:F3} m");
        Assert.True(path[^1] > 0.1, $"yaw at 2 s {path[^1]:F3} rad");
    }
}
