using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Frames;
using EdgeLstm.Sensors.Replay;

namespace EdgeLstm.Tools.Data;

/// <summary>
/// Reads replay files into <see cref="Recording"/>s: frames at the model's rate and the future
/// path targets. Targets come from the ground truth where the file has it, otherwise from the
/// future dead-reckoned odometry, so a robot can learn from its own recordings.
/// </summary>
public static class RecordingLoader
{
    /// <summary>
    /// Ground-truth samples further apart than this are a gap: no target across it (unless the ground
    /// truth is sampled so slowly that <see cref="GapIntervals"/> of its intervals are longer).
    /// </summary>
    public const double MaxGroundTruthGapSeconds = 0.25;

    /// <summary>
    /// A localisation that publishes a pose every 0.5 s (SLAM often does) has no two samples within
    /// <see cref="MaxGroundTruthGapSeconds"/>, so no frame would get a target; a gap is therefore also
    /// judged against the ground truth's own rate: samples further apart than this many of its median
    /// intervals (two missed samples in a row) are a gap, when that is longer than the fixed bound.
    /// </summary>
    public const double GapIntervals = 3;

    /// <param name="maxGroundTruthGapSeconds">
    /// Ground-truth samples further apart than this are not interpolated across: frames whose future
    /// crosses such a gap get no target there. Infinity bridges every gap (as the published reference
    /// figures of the real recordings do); null judges gaps by <see cref="AutomaticGapSeconds"/>.
    /// </param>
    public static Recording Load(string path, double frameRateHz, int horizonSteps, double stepSeconds, double? maxGroundTruthGapSeconds = null)
    {
        using var reader = ReplayReader.Open(path);
        return FromSource(Path.GetFileName(path), reader, frameRateHz, horizonSteps, stepSeconds, maxGroundTruthGapSeconds);
    }

    public static Recording FromSource(string name, ISensorSource source, double frameRateHz, int horizonSteps, double stepSeconds, double? maxGroundTruthGapSeconds = null)
    {
        if (maxGroundTruthGapSeconds is { } given && !(given > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxGroundTruthGapSeconds), given, "the largest ground-truth gap must be positive");
        }

        var groundTruth = new List<(long TimeNs, double, double, double)>();
        var options = new FrameAssemblerOptions { RateHz = frameRateHz, ExpectedKinds = source.Kinds, TimeJumpSeconds = TimeJumpSeconds(maxGroundTruthGapSeconds ?? MaxGroundTruthGapSeconds) };
        var frames = new List<Frame>();
        foreach (var frame in FrameAssembler.Assemble(Tap(source.ReadEvents(), groundTruth), options, source.Geometry))
        {
            frames.Add(frame);
        }

        var useGroundTruth = groundTruth.Count > 1;
        var track = useGroundTruth
            ? new PoseTrack(groundTruth)
            : new PoseTrack(frames.Select(f => (f.TimestampNs, f.OdomX, f.OdomY, f.OdomYaw)).ToList());
        // Dead-reckoned frames are a period apart except across a time jump, which no target crosses.
        var gapSeconds = maxGroundTruthGapSeconds ?? AutomaticGapSeconds(groundTruth.Select(g => g.TimeNs).ToList(), horizonSteps * stepSeconds);
        var maxGapNs = !useGroundTruth ? Time.ToNanos(options.TimeJumpSeconds)
            : double.IsFinite(gapSeconds) ? Time.ToNanos(gapSeconds) : long.MaxValue;
        var outputs = 3 * horizonSteps;
        var targets = new float[frames.Count * outputs];
        var knownSteps = new int[frames.Count];
        for (var f = 0; f < frames.Count; f++)
        {
            knownSteps[f] = FuturePath(track, frames[f].TimestampNs, horizonSteps, Time.ToNanos(stepSeconds), maxGapNs, targets.AsSpan(f * outputs, outputs));
        }

        return new Recording(name, [.. frames], targets, knownSteps, useGroundTruth, horizonSteps, source.Kinds.Contains(SensorEventKind.Imu));
    }

    /// <summary>
    /// The largest ground-truth gap bridged by default: <see cref="MaxGroundTruthGapSeconds"/>, or
    /// <see cref="GapIntervals"/> median intervals between the samples (in time order) when longer,
    /// but never longer than the horizon: a path interpolated in a straight line across more than the
    /// whole horizon would teach the network chords, not the robot's path.
    /// </summary>
    public static double AutomaticGapSeconds(IReadOnlyList<long> sampleTimesNs, double horizonSeconds)
    {
        if (sampleTimesNs.Count < 2)
        {
            return MaxGroundTruthGapSeconds;
        }

        var intervals = new long[sampleTimesNs.Count - 1];
        for (var i = 1; i < sampleTimesNs.Count; i++)
        {
            intervals[i - 1] = sampleTimesNs[i] - sampleTimesNs[i - 1];
        }

        Array.Sort(intervals);
        var median = intervals[intervals.Length / 2] * 1e-9;
        return Math.Max(MaxGroundTruthGapSeconds, Math.Min(GapIntervals * median, horizonSeconds));
    }

    /// <summary>
    /// Silences up to the ground-truth gap being bridged get frames (anchors inside ds2's 27.8 s gap
    /// are part of the published reference), within the assembler's bound: a longer jump in time
    /// restarts the frames instead of building them across it.
    /// </summary>
    private static double TimeJumpSeconds(double maxGroundTruthGapSeconds) =>
        Math.Clamp(maxGroundTruthGapSeconds, FrameAssemblerOptions.DefaultTimeJumpSeconds, FrameAssemblerOptions.MaxTimeJumpSeconds);

    /// <summary>
    /// The poses at t + k·Δt (k = 1..K) expressed in the pose at t:
    /// p_k = R(−ψ₀)·(p(t + kΔt) − p(t)), ψ_k = ψ(t + kΔt) − ψ₀. Returns how many leading steps
    /// are known (the track ends or has a gap after them); unknown steps are left as zero.
    /// </summary>
    public static int FuturePath(PoseTrack track, long timeNs, int horizonSteps, long stepNs, long maxGapNs, Span<float> destination)
    {
        if (!track.TryAt(timeNs, maxGapNs, out var x0, out var y0, out var yaw0))
        {
            return 0;
        }

        var (sin, cos) = Math.SinCos(yaw0);
        for (var k = 0; k < horizonSteps; k++)
        {
            if (!track.TryAt(timeNs + ((k + 1) * stepNs), maxGapNs, out var x, out var y, out var yaw))
            {
                return k;
            }

            var dx = x - x0;
            var dy = y - y0;
            destination[3 * k] = (float)((cos * dx) + (sin * dy));
            destination[(3 * k) + 1] = (float)((-sin * dx) + (cos * dy));
            destination[(3 * k) + 2] = (float)(yaw - yaw0);
        }

        return horizonSteps;
    }

    private static IEnumerable<SensorEvent> Tap(IEnumerable<SensorEvent> events, List<(long, double, double, double)> groundTruth)
    {
        foreach (var e in events)
        {
            if (e.Kind == SensorEventKind.GroundTruth)
            {
                groundTruth.Add((e.TimestampNs, e.X, e.Y, e.Yaw));
            }

            yield return e;
        }
    }
}
