using System.Numerics;

namespace EdgeLstm.Sensors.Devices.Imu;

/// <summary>
/// One IMU sample in SI units. Axes are the sensor's own until a <see cref="MountingRotation"/>
/// turns them into the body frame (REP-103: x forward, y left, z up).
/// </summary>
/// <param name="Acceleration">Specific force in m/s², gravity included (about +9.81 on the up axis at rest).</param>
/// <param name="AngularVelocity">Angular velocity in rad/s, right-handed about each axis.</param>
/// <param name="TemperatureCelsius">Die temperature in °C (NaN when the chip does not report it).</param>
/// <param name="TimestampNs">Monotonic time of the sample in nanoseconds.</param>
public readonly record struct ImuReading(Vector3 Acceleration, Vector3 AngularVelocity, double TemperatureCelsius, long TimestampNs)
{
    /// <summary>Standard gravity (m/s²), the datasheets' "g".</summary>
    public const double StandardGravity = 9.80665;

    /// <summary>
    /// True when both readings carry the same measured values, whatever their timestamps. A chip
    /// whose registers stopped updating repeats its values exactly; real sensor noise never does
    /// for long.
    /// </summary>
    public bool HasSameValues(in ImuReading other) =>
        Acceleration == other.Acceleration &&
        AngularVelocity == other.AngularVelocity &&
        TemperatureCelsius.Equals(other.TemperatureCelsius);
}
