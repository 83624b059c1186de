namespace EdgeLstm.Sensors.Devices.Encoders;

/// <summary>
/// Differential-drive odometry from two encoders: cumulative ticks, wheel speeds from the tick
/// difference between samples, and body v, w. Mirrored motors usually make one side count
/// backwards when driving forward, hence the per-side inversion.
/// </summary>
public sealed class WheelOdometry
{
    private readonly IWheelEncoder _left;
    private readonly IWheelEncoder _right;
    private readonly int _leftSign;
    private readonly int _rightSign;
    private bool _hasPrevious;
    private long _previousNs;
    private long _previousLeft;
    private long _previousRight;

    public WheelOdometry(IWheelEncoder left, IWheelEncoder right, double ticksPerMeter, double trackWidthMeters, bool invertLeft = false, bool invertRight = false)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (!double.IsFinite(ticksPerMeter) || ticksPerMeter <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ticksPerMeter), ticksPerMeter, "Ticks per meter must be a positive number.");
        }

        if (!double.IsFinite(trackWidthMeters) || trackWidthMeters <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(trackWidthMeters), trackWidthMeters, "Track width must be a positive number of meters.");
        }

        _left = left;
        _right = right;
        TicksPerMeter = ticksPerMeter;
        TrackWidthMeters = trackWidthMeters;
        _leftSign = invertLeft ? -1 : 1;
        _rightSign = invertRight ? -1 : 1;
    }

    public double TicksPerMeter { get; }

    public double TrackWidthMeters { get; }

    /// <summary>
    /// Reads both counts now. Speeds are the average over the interval since the previous call
    /// (zero on the first call).
    /// </summary>
    public WheelOdometrySample Sample(long timestampNs)
    {
        long left = _left.Count * _leftSign;
        long right = _right.Count * _rightSign;
        double speedLeft = 0, speedRight = 0;
        if (_hasPrevious && timestampNs > _previousNs)
        {
            double dt = (timestampNs - _previousNs) * 1e-9;
            speedLeft = (left - _previousLeft) / TicksPerMeter / dt;
            speedRight = (right - _previousRight) / TicksPerMeter / dt;
        }

        _hasPrevious = true;
        _previousNs = timestampNs;
        _previousLeft = left;
        _previousRight = right;
        return new WheelOdometrySample(
            timestampNs,
            left,
            right,
            speedLeft,
            speedRight,
            (speedLeft + speedRight) / 2,
            (speedRight - speedLeft) / TrackWidthMeters);
    }
}
