using System.Numerics;
using EdgeLstm.Sensors.Devices.Imu;

namespace EdgeLstm.Sensors.Tests.Devices;

public sealed class GyroBiasEstimatorTests
{
    private static readonly Vector3 s_bias = new(0.01f, -0.02f, 0.005f);

    [Fact]
    public void Still_Robot_Gives_The_Mean_Offset()
    {
        var estimator = new GyroBiasEstimator(sampleCount: 200);
        var random = new Random(7);
        for (int i = 0; i < 250; i++)
        {
            estimator.Add(Still(random));
        }

        Assert.True(estimator.TryGetBias(out Vector3 bias, out string reason), reason);
        Assert.Equal(200, estimator.Count);
        Assert.Equal(s_bias.X, bias.X, 0.001);
        Assert.Equal(s_bias.Y, bias.Y, 0.001);
        Assert.Equal(s_bias.Z, bias.Z, 0.001);
    }

    [Fact]
    public void Too_Few_Samples_Are_Refused()
    {
        var estimator = new GyroBiasEstimator(sampleCount: 100);
        estimator.Add(Still(new Random(1)));
        Assert.False(estimator.TryGetBias(out _, out string reason));
        Assert.Contains("1 of 100", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Turning_Robot_Is_Refused_By_Gyro_Variance()
    {
        var estimator = new GyroBiasEstimator(sampleCount: 100);
        var random = new Random(3);
        for (int i = 0; i < 100; i++)
        {
            ImuReading still = Still(random);
            float turn = (float)Math.Sin(i * 0.1); // starts and stops a turn
            estimator.Add(still with { AngularVelocity = still.AngularVelocity + new Vector3(0, 0, turn) });
        }

        Assert.False(estimator.TryGetBias(out _, out string reason));
        Assert.Contains("gyro z", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Bump_Is_Refused_By_Accelerometer_Norm()
    {
        var estimator = new GyroBiasEstimator(sampleCount: 100);
        var random = new Random(4);
        for (int i = 0; i < 100; i++)
        {
            ImuReading still = Still(random);
            estimator.Add(i == 50 ? still with { Acceleration = still.Acceleration + new Vector3(0, 0, 3) } : still);
        }

        Assert.False(estimator.TryGetBias(out _, out string reason));
        Assert.Contains("accelerometer", reason, StringComparison.Ordinal);

        estimator.Reset();
        Assert.Equal(0, estimator.Count);
    }

    private static ImuReading Still(Random random) => new(
        new Vector3(Noise(random, 0.02), Noise(random, 0.02), 9.81f + Noise(random, 0.02)),
        s_bias + new Vector3(Noise(random, 0.003), Noise(random, 0.003), Noise(random, 0.003)),
        25,
        0);

    private static float Noise(Random random, double sigma) => (float)(((random.NextDouble() * 2) - 1) * sigma * 1.7);
}
