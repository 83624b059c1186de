using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// A strapdown MEMS IMU at the body origin, level, axes REP-103 (x forward, y left, z up).
/// The accelerometer measures specific force: on flat ground that is (dv/dt, v·ω, +g) (no lever
/// arm, no pitch or roll), plus a constant bias and white noise that grows with speed (vibration).
/// The gyroscope measures (0, 0, ω) plus a constant bias and white noise.
/// </summary>
internal sealed class ImuModel(SimulatorOptions options, ImuBias bias, GaussianRandom noise)
{
    /// <summary>Standard gravity (m/s²); a level accelerometer at rest reads +g on z.</summary>
    public const double Gravity = 9.80665;

    private readonly double _accelNoise = options.AccelNoiseStdDev;
    private readonly double _vibration = options.AccelVibrationPerSpeed;
    private readonly double _gyroNoise = options.GyroNoiseStdDev;

    public SensorEvent Sample(long timestampNs, in VehicleState state)
    {
        double accelSigma = _accelNoise + (_vibration * state.Speed);
        double ax = state.Acceleration + bias.Ax + noise.Normal(accelSigma);    // tangential dv/dt
        double ay = state.LateralAcceleration + bias.Ay + noise.Normal(accelSigma); // centripetal v·ω
        double az = Gravity + bias.Az + noise.Normal(accelSigma);
        double gx = bias.Gx + noise.Normal(_gyroNoise);
        double gy = bias.Gy + noise.Normal(_gyroNoise);
        double gz = state.YawRate + bias.Gz + noise.Normal(_gyroNoise);
        return SensorEvent.Imu(timestampNs, ax, ay, az, gx, gy, gz);
    }
}
