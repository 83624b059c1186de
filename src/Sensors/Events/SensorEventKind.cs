namespace EdgeLstm.Sensors.Events;

/// <summary>What a <see cref="SensorEvent"/> carries. One replay column group each.</summary>
public enum SensorEventKind : byte
{
    /// <summary>Accelerometer (m/s², gravity included) and gyroscope (rad/s), body frame REP-103.</summary>
    Imu,

    /// <summary>Cumulative wheel encoder ticks, left and right.</summary>
    WheelTicks,

    /// <summary>Wheel ground speeds, left and right (m/s).</summary>
    WheelSpeeds,

    /// <summary>Body odometry: forward speed v (m/s) and yaw rate w (rad/s).</summary>
    Odometry,

    /// <summary>Ground-truth pose x, y (m), yaw (rad) in a fixed world frame.</summary>
    GroundTruth,
}
