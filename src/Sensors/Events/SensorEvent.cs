namespace EdgeLstm.Sensors.Events;

/// <summary>
/// One timestamped sample from one sensor group. A value type so that sources, the replay reader
/// and the frame assembler pass samples around without allocating. The six payload slots are
/// read through the typed accessors of the matching <see cref="Kind"/>.
/// </summary>
public readonly struct SensorEvent
{
    private readonly double _p0;
    private readonly double _p1;
    private readonly double _p2;
    private readonly double _p3;
    private readonly double _p4;
    private readonly double _p5;

    private SensorEvent(long timestampNs, SensorEventKind kind, double p0, double p1, double p2, double p3 = 0, double p4 = 0, double p5 = 0)
    {
        TimestampNs = timestampNs;
        Kind = kind;
        _p0 = p0;
        _p1 = p1;
        _p2 = p2;
        _p3 = p3;
        _p4 = p4;
        _p5 = p5;
    }

    /// <summary>Monotonic time of the sample in nanoseconds.</summary>
    public long TimestampNs { get; }

    public SensorEventKind Kind { get; }

    public double TimeSeconds => TimestampNs / 1e9;

    public static SensorEvent Imu(long timestampNs, double ax, double ay, double az, double gx, double gy, double gz) =>
        new(timestampNs, SensorEventKind.Imu, ax, ay, az, gx, gy, gz);

    public static SensorEvent WheelTicks(long timestampNs, long left, long right) =>
        new(timestampNs, SensorEventKind.WheelTicks, left, right, 0);

    public static SensorEvent WheelSpeeds(long timestampNs, double left, double right) =>
        new(timestampNs, SensorEventKind.WheelSpeeds, left, right, 0);

    public static SensorEvent Odometry(long timestampNs, double v, double w) =>
        new(timestampNs, SensorEventKind.Odometry, v, w, 0);

    public static SensorEvent GroundTruth(long timestampNs, double x, double y, double yaw) =>
        new(timestampNs, SensorEventKind.GroundTruth, x, y, yaw);

    // IMU
    public double Ax => _p0;
    public double Ay => _p1;
    public double Az => _p2;
    public double Gx => _p3;
    public double Gy => _p4;
    public double Gz => _p5;

    // Wheel ticks (stored as doubles: exact for |ticks| < 2^53)
    public long TicksLeft => (long)_p0;
    public long TicksRight => (long)_p1;

    // Wheel speeds
    public double SpeedLeft => _p0;
    public double SpeedRight => _p1;

    // Body odometry
    public double V => _p0;
    public double W => _p1;

    // Ground truth
    public double X => _p0;
    public double Y => _p1;
    public double Yaw => _p2;

    public override string ToString() => Kind switch
    {
        SensorEventKind.Imu => $"{TimeSeconds:F6} imu a=({Ax:G4},{Ay:G4},{Az:G4}) g=({Gx:G4},{Gy:G4},{Gz:G4})",
        SensorEventKind.WheelTicks => $"{TimeSeconds:F6} ticks L={TicksLeft} R={TicksRight}",
        SensorEventKind.WheelSpeeds => $"{TimeSeconds:F6} wheels L={SpeedLeft:G4} R={SpeedRight:G4}",
        SensorEventKind.Odometry => $"{TimeSeconds:F6} odom v={V:G4} w={W:G4}",
        _ => $"{TimeSeconds:F6} gt x={X:G6} y={Y:G6} yaw={Yaw:G4}",
    };
}
