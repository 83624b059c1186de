using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Frames;

/// <summary>Settings of the <see cref="FrameAssembler"/>.</summary>
public sealed record FrameAssemblerOptions
{
    /// <summary>Frame rate in Hz (the model's step rate).</summary>
    public double RateHz { get; init; } = 50.0;

    /// <summary>A stream whose newest sample is older than this at a frame time is flagged as a gap.</summary>
    public double GapSeconds { get; init; } = 0.15;

    /// <summary>
    /// Use the gyroscope's yaw rate for dead-reckoned heading when IMU data is fresh (a real
    /// sensor), falling back to the odometry yaw rate. Motor-controller yaw rates often come from
    /// the steering command and lag the robot.
    /// </summary>
    public bool PreferGyroForHeading { get; init; } = true;

    /// <summary>
    /// Sensor time moving (forward or back) by more than this between two events is a jump of the
    /// clock or of the data, not a sensor gap: no frames are built across it (a timestamp 460 days
    /// ahead would otherwise mean two billion frames), the grid restarts at the new time and the
    /// first frame after it carries <see cref="FrameQuality.TimeJump"/>. Shorter silences are
    /// filled with held, gap-flagged frames as usual, so this also bounds the frames one event can
    /// release to <c>TimeJumpSeconds · RateHz</c>.
    /// </summary>
    public double TimeJumpSeconds { get; init; } = DefaultTimeJumpSeconds;

    /// <summary>Default of <see cref="TimeJumpSeconds"/>: far beyond any sensor hiccup, a few hundred frames at most.</summary>
    public const double DefaultTimeJumpSeconds = 5.0;

    /// <summary>Largest <see cref="TimeJumpSeconds"/>: a minute of frames per event at most.</summary>
    public const double MaxTimeJumpSeconds = 60.0;

    /// <summary>Streams the source produces; an expected stream that never arrives is flagged as a gap.</summary>
    public IReadOnlySet<SensorEventKind> ExpectedKinds { get; init; } = new HashSet<SensorEventKind>();

    public long FramePeriodNs => (long)Math.Round(1e9 / RateHz);

    public void Validate()
    {
        if (!(RateHz > 0 && RateHz <= 1000))
        {
            throw new ArgumentOutOfRangeException(nameof(RateHz), RateHz, "frame rate must be in (0, 1000] Hz");
        }

        if (!(GapSeconds > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(GapSeconds), GapSeconds, "gap threshold must be positive");
        }

        if (!(TimeJumpSeconds >= GapSeconds && TimeJumpSeconds <= MaxTimeJumpSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(TimeJumpSeconds), TimeJumpSeconds, $"time-jump threshold must be in [gap threshold, {MaxTimeJumpSeconds}] s");
        }
    }
}
