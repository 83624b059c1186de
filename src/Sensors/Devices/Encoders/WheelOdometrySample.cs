namespace EdgeLstm.Sensors.Devices.Encoders;

/// <summary>One odometry sample from two wheel encoders.</summary>
/// <param name="TimestampNs">Monotonic time of the sample.</param>
/// <param name="TicksLeft">Cumulative left ticks, sign-corrected so forward is positive.</param>
/// <param name="TicksRight">Cumulative right ticks, sign-corrected so forward is positive.</param>
/// <param name="SpeedLeft">Left wheel ground speed (m/s) since the previous sample.</param>
/// <param name="SpeedRight">Right wheel ground speed (m/s) since the previous sample.</param>
/// <param name="V">Body forward speed (m/s): (vl + vr) / 2.</param>
/// <param name="W">Body yaw rate (rad/s, counter-clockwise positive): (vr - vl) / track width.</param>
public readonly record struct WheelOdometrySample(
    long TimestampNs,
    long TicksLeft,
    long TicksRight,
    double SpeedLeft,
    double SpeedRight,
    double V,
    double W);
