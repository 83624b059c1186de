namespace EdgeLstm.Sensors.Events;

/// <summary>
/// Wheel geometry needed to turn wheel ticks or wheel speeds into body odometry.
/// Comes from replay metadata (ticks_per_meter, track_width_m) or from the hardware configuration.
/// </summary>
public sealed record RobotGeometry(double? TicksPerMeter, double? TrackWidthMeters)
{
    public static RobotGeometry Unknown { get; } = new(null, null);
}
