using EdgeLstm.Sensors.Simulation;

namespace EdgeLstm.Sensors.Tests.Simulation;

/// <summary>The ground truth moves like a vehicle within its limits, and the IMU measures that motion.</summary>
public sealed class TruthConsistencyTests
{
    [Theory]
    [InlineData(Kinematics.Differential, 21)]
    [InlineData(Kinematics.Bicycle, 22)]
    public void GroundTruth_FiniteDifferences_StayWithinSpeedAndAccelerationLimits(Kinematics kinematics, int seed)
    {
        var run = SimulatedRun.Of(seed, kinematics);
        SimulatorOptions options = run.Simulator.Options;

        Assert.InRange(run.TruthSpeed.Max(), 0.5 * options.EffectiveMaxSpeed, (1.01 * options.EffectiveMaxSpeed) + 0.01);

        // Acceleration over 0.1 s (5 samples at 50 Hz), with a little room for differentiation error.
        for (int i = 5; i < run.Truth.Length; i++)
        {
            double a = (run.TruthSpeed[i] - run.TruthSpeed[i - 5]) / (run.TruthTimes[i] - run.TruthTimes[i - 5]);
            Assert.InRange(a, -options.MaxDeceleration - 0.1, options.MaxAcceleration + 0.1);
        }
    }

    [Theory]
    [InlineData(Kinematics.Differential)]
    [InlineData(Kinematics.Bicycle)]
    public void Gyro_TracksTheTrueYawRate_AndItsMeanErrorIsTheBias(Kinematics kinematics)
    {
        var options = new SimulatorOptions { Seed = 31, Kinematics = kinematics, Seconds = 120, GyroBiasStdDev = 0.005 };
        var run = SimulatedRun.Of(options);
        double bias = run.Simulator.ImuBias.Gz;
        Assert.True(Math.Abs(bias) > 0.001, $"seed draws a bias too small to test: {bias}");

        double[] gyro = [.. run.Imu.Select(e => e.Gz)];
        double[] truth = [.. run.Imu.Select(e => run.TruthAt(e.TimeSeconds).YawRate)];
        double meanError = gyro.Zip(truth).Average(p => p.First - p.Second);

        Assert.True(SimulatedRun.Correlation(gyro, truth) > 0.9);
        Assert.True(Math.Abs(meanError - bias) < 0.0005, $"mean gyro error {meanError}, bias {bias}");
    }

    [Fact]
    public void Accelerometer_MeasuresGravity_CentripetalAndTangentialAcceleration()
    {
        var run = SimulatedRun.Of(32, Kinematics.Differential);
        ImuBias bias = run.Simulator.ImuBias;

        // Level ground: z reads +g plus its bias.
        Assert.Equal(9.80665 + bias.Az, run.Imu.Average(e => e.Az), 0.01);

        // y: centripetal v·ω (positive in a left turn) plus bias; averaged over 0.5 s against the noise.
        double[] ay = [.. run.Imu.Select(e => e.Ay)];
        double[] centripetal = [.. run.Imu.Select(e => run.TruthAt(e.TimeSeconds)).Select(s => s.Speed * s.YawRate)];
        double correlation = SimulatedRun.Correlation(MovingAverage(ay, 50), MovingAverage(centripetal, 50));
        Assert.True(correlation > 0.95, $"a_y against v·ω: r = {correlation:F3}");
        Assert.Equal(bias.Ay, ay.Zip(centripetal).Average(p => p.First - p.Second), 0.02);

        // x: ∫(a_x − b_x) dt over any second equals the change of true speed in that second.
        double dt = 1.0 / run.Simulator.Options.ImuRateHz;
        for (int start = 0; start + 100 < run.Imu.Length; start += 100)
        {
            double integral = 0;
            for (int k = start; k < start + 100; k++)
            {
                integral += (run.Imu[k].Ax - bias.Ax) * dt;
            }

            double dv = run.TruthAt(run.Imu[start + 100].TimeSeconds).Speed - run.TruthAt(run.Imu[start].TimeSeconds).Speed;
            Assert.True(Math.Abs(integral - dv) < 0.06, $"at {run.Imu[start].TimeSeconds:F2} s: ∫a_x dt = {integral:F3}, Δv = {dv:F3}");
        }
    }

    private static double[] MovingAverage(double[] values, int width)
    {
        var averages = new double[values.Length - width + 1];
        double sum = values.Take(width).Sum();
        for (int i = 0; i < averages.Length; i++)
        {
            averages[i] = sum / width;
            if (i + width < values.Length)
            {
                sum += values[i + width] - values[i];
            }
        }

        return averages;
    }
}
