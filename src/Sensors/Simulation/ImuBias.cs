namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// The constant per-run IMU biases the simulator drew for a seed: accelerometer (m/s²) and
/// gyroscope (rad/s), body frame. Published so that tests and bias estimators can be checked.
/// </summary>
public readonly record struct ImuBias(double Ax, double Ay, double Az, double Gx, double Gy, double Gz)
{
    internal static ImuBias Draw(SimulatorOptions options)
    {
        GaussianRandom random = RandomStreams.Create(options.Seed, RandomStreams.ImuBias);
        double a = options.AccelBiasStdDev;
        double g = options.GyroBiasStdDev;
        return new ImuBias(random.Normal(a), random.Normal(a), random.Normal(a), random.Normal(g), random.Normal(g), random.Normal(g));
    }
}
