namespace EdgeLstm.Sensors.Frames;

/// <summary>
/// The sensors' state at one tick of the model's fixed rate: the newest IMU and odometry values
/// (zero-order hold, causal: nothing after <see cref="TimestampNs"/> is used), the dead-reckoned
/// odometry pose, and the ground-truth pose when the source has one. A plain value type so the
/// per-frame loop allocates nothing.
/// </summary>
public struct Frame
{
    /// <summary>Frame number since the assembler started (0, 1, 2, ...).</summary>
    public long Index;

    /// <summary>Frame time, monotonic nanoseconds.</summary>
    public long TimestampNs;

    /// <summary>Accelerometer, m/s², body frame, gravity included.</summary>
    public double Ax, Ay, Az;

    /// <summary>Gyroscope, rad/s, body frame.</summary>
    public double Gx, Gy, Gz;

    /// <summary>Body forward speed (m/s) and yaw rate (rad/s) from wheel odometry or the motor controller.</summary>
    public double V, W;

    /// <summary>Dead-reckoned pose in the odometry frame (starts at 0, 0, 0).</summary>
    public double OdomX, OdomY, OdomYaw;

    /// <summary>Ground-truth pose (world frame), valid when <see cref="HasGroundTruth"/>.</summary>
    public double GtX, GtY, GtYaw;

    public bool HasGroundTruth;

    public FrameQuality Quality;

    // Division, not multiplication by 1e-9: the correctly rounded seconds (0.12, not 0.12000000000000001).
    public readonly double TimeSeconds => TimestampNs / 1e9;
}
