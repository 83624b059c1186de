using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// The odometry pose of the last K·n + 1 frames (n frames a horizon step), from which the realised
/// future of an earlier frame is read once the robot has driven it: the truth that
/// <see cref="ResidualGuard"/> and <see cref="SpreadCalibrator"/> score their predictions against,
/// kept once for both. Slots line up with theirs: the frame being predicted goes to
/// <see cref="CurrentSlot"/>, and the frame k steps back sits k·n slots before it. Allocation-free
/// after construction.
/// </summary>
public sealed class OdometryHistory
{
    private readonly double _speedScale;

    // Per slot: x, y, the sine and cosine of the yaw (taken once a frame, not once a matured pose) and the yaw.
    private const int PerSlot = 5;

    private readonly double[] _poses;
    private readonly bool[] _valid;
    private long _frames;

    public OdometryHistory(int horizonSteps, double stepSeconds, double frameRateHz, double speedScale)
    {
        Steps = horizonSteps;
        FramesPerStep = Math.Max(1, (int)Math.Round(stepSeconds * frameRateHz));
        Capacity = (horizonSteps * FramesPerStep) + 1;
        _speedScale = speedScale;
        _poses = new double[Capacity * PerSlot];
        _valid = new bool[Capacity];
    }

    /// <summary>K, the poses a prediction holds.</summary>
    public int Steps { get; }

    /// <summary>n, frames between two poses of a prediction.</summary>
    public int FramesPerStep { get; }

    /// <summary>Slots in the ring: K·n + 1.</summary>
    public int Capacity { get; }

    /// <summary>Frames remembered since the last reset.</summary>
    public long Frames => _frames;

    /// <summary>The slot the frame being predicted will take when it is <see cref="Remember"/>ed.</summary>
    public int CurrentSlot => (int)(_frames % Capacity);

    /// <summary>
    /// The slot of the frame whose pose k (1-based) matures with the current frame: k·n frames back,
    /// wrapped once (k·n &lt; capacity). False when there is no such frame yet or its odometry had a gap.
    /// </summary>
    public bool TryAnchor(int k, out int slot)
    {
        slot = CurrentSlot - (k * FramesPerStep);
        if (slot < 0)
        {
            slot += Capacity;
        }

        return _frames >= (long)k * FramesPerStep && _valid[slot];
    }

    /// <summary>
    /// Where the robot is now in the body frame of the anchor, scaled as the calibrated prior scales
    /// the odometry's speed: t = s·R(−ψ_a)·(p_now − p_a).
    /// </summary>
    public (double X, double Y) Truth(int slot, in Frame now)
    {
        var (sin, cos) = (_poses[(PerSlot * slot) + 2], _poses[(PerSlot * slot) + 3]);
        var dx = now.OdomX - _poses[PerSlot * slot];
        var dy = now.OdomY - _poses[(PerSlot * slot) + 1];
        return (_speedScale * ((cos * dx) + (sin * dy)), _speedScale * ((-sin * dx) + (cos * dy)));
    }

    /// <summary>
    /// How far the robot has turned since the anchor, ψ_now − ψ_a, not wrapped (in (−2π, 2π): both
    /// headings are): the caller compares it with a predicted heading and wraps the difference once.
    /// No speed scale: a heading is not a distance.
    /// </summary>
    public double TruthYaw(int slot, in Frame now) => now.OdomYaw - _poses[(PerSlot * slot) + 4];

    /// <summary>Stores this frame's pose at <see cref="CurrentSlot"/> (invalid across an odometry gap) and moves on.</summary>
    public void Remember(in Frame frame)
    {
        var slot = CurrentSlot;
        var (sin, cos) = Math.SinCos(frame.OdomYaw);
        var pose = PerSlot * slot;
        _poses[pose] = frame.OdomX;
        _poses[pose + 1] = frame.OdomY;
        _poses[pose + 2] = sin;
        _poses[pose + 3] = cos;
        _poses[pose + 4] = frame.OdomYaw;
        _valid[slot] = HasOdometry(in frame);
        _frames++;
    }

    /// <summary>Forgets every frame.</summary>
    public void Reset()
    {
        Array.Clear(_valid);
        _frames = 0;
    }

    /// <summary>False across an odometry gap: such a frame neither scores nor is scored.</summary>
    public static bool HasOdometry(in Frame frame) => (frame.Quality & FrameQuality.OdometryGap) == 0;
}
