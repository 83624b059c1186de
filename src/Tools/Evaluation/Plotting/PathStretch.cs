using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Data;


namespace EdgeLstm.Tools.Evaluation.Plotting;

/// <summary>
/// A stretch of a recording with ground truth, chosen for its turns (straight driving shows little),
/// with the true track and the model's predicted paths at a few anchors, placed on the track the
/// way <see cref="Evaluator"/> scores them: the body-frame path from the true pose at the anchor.
/// </summary>
internal sealed class PathStretch
{
    private PathStretch(string name, double startSeconds, double seconds, double[] trackX, double[] trackY, IReadOnlyList<PathSnapshot> snapshots)
    {
        Name = name;
        StartSeconds = startSeconds;
        Seconds = seconds;
        TrackX = trackX;
        TrackY = trackY;
        Snapshots = snapshots;
    }

    public string Name { get; }

    /// <summary>Start of the stretch, seconds since the first frame.</summary>
    public double StartSeconds { get; }

    public double Seconds { get; }

    public double[] TrackX { get; }

    public double[] TrackY { get; }

    public IReadOnlyList<PathSnapshot> Snapshots { get; }

    /// <summary>
    /// Runs <paramref name="predictor"/> over the whole recording (so its state at each anchor is the
    /// live one) and keeps <paramref name="anchors"/> paths spread over the stretch of
    /// <paramref name="seconds"/> with the most turning; null when the recording has no ground truth.
    /// </summary>
    public static PathStretch? Find(Recording recording, PathPredictor predictor, double seconds, int anchors)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(predictor);
        var frames = recording.Frames;
        if (!recording.TargetsFromGroundTruth || frames.Length < 2)
        {
            return null;
        }

        var dt = (frames[1].TimestampNs - frames[0].TimestampNs) * 1e-9;
        var length = Math.Min(frames.Length, Math.Max(2, (int)Math.Round(seconds / dt)));
        var start = MostTurning(recording, length, dt);
        if (start < 0)
        {
            return null;
        }

        var stride = Math.Max(1, length / anchors);
        var snapshots = new List<PathSnapshot>(anchors);
        var steps = predictor.Config.HorizonSteps;
        predictor.Reset();
        for (var f = 0; f < start + length; f++)
        {
            predictor.Step(in frames[f]);
            var offset = f - start;
            if (offset >= 0 && offset % stride == stride / 2 && snapshots.Count < anchors)
            {
                snapshots.Add(ToWorld(in frames[f], predictor.BodyPath, steps) with { Regions90 = Regions(in frames[f], predictor) });
            }
        }

        // The track runs on past the stretch by the horizon, so the last paths have their actual future too.
        var track = start + length + (int)Math.Round(predictor.Config.HorizonSeconds / dt);
        while (track > start + length && (track > frames.Length || !frames[track - 1].HasGroundTruth))
        {
            track--;
        }

        track -= start;
        var trackX = new double[track];
        var trackY = new double[track];
        for (var i = 0; i < track; i++)
        {
            trackX[i] = frames[start + i].GtX;
            trackY[i] = frames[start + i].GtY;
        }

        return new PathStretch(recording.Name, (frames[start].TimestampNs - frames[0].TimestampNs) * 1e-9, length * dt, trackX, trackY, snapshots);
    }

    // The window with the largest net turn among those with ground truth in every frame; -1 if none.
    // Net, not absolute: gyro noise and weaving add up in an absolute sum and win over a real corner.
    private static int MostTurning(Recording recording, int length, double dt)
    {
        var frames = recording.Frames;
        var best = -1;
        var bestScore = double.NegativeInfinity;
        var turned = 0.0;
        var missing = 0;
        for (var f = 0; f < frames.Length; f++)
        {
            turned += frames[f].Gz * dt;
            missing += frames[f].HasGroundTruth ? 0 : 1;
            if (f >= length)
            {
                turned -= frames[f - length].Gz * dt;
                missing -= frames[f - length].HasGroundTruth ? 0 : 1;
            }

            if (f >= length - 1 && missing == 0 && Math.Abs(turned) > bestScore)
            {
                bestScore = Math.Abs(turned);
                best = f - length + 1;
            }
        }

        return best;
    }

    // The 90 % ellipse of every fifth pose (0.5 s apart at 0.1 s steps): the region grows along the path.
    private static List<(double[] X, double[] Y)> Regions(in Sensors.Frames.Frame frame, PathPredictor predictor)
    {
        var regions = new List<(double[] X, double[] Y)>();
        if (predictor.Uncertainty is not { } spread)
        {
            return regions;
        }

        var path = predictor.BodyPath;
        var (sin, cos) = Math.SinCos(frame.GtYaw);
        for (var k = 4; k < predictor.Config.HorizonSteps; k += 5)
        {
            double bx = path[3 * k], by = path[(3 * k) + 1];
            var cx = frame.GtX + (cos * bx) - (sin * by);
            var cy = frame.GtY + (sin * bx) + (cos * by);
            var angle = frame.GtYaw + spread.ChordAngle[k];
            var (sa, ca) = Math.SinCos(angle);
            var radius = Math.Sqrt(spread.Model.ShapeAt(k).SquaredRadius(0.9));
            var xs = new double[49];
            var ys = new double[49];
            for (var i = 0; i < xs.Length; i++)
            {
                var (st, ct) = Math.SinCos(2 * Math.PI * i / (xs.Length - 1));
                var u = radius * spread.Along[k] * ct;
                var v = radius * spread.Cross[k] * st;
                xs[i] = cx + (ca * u) - (sa * v);
                ys[i] = cy + (sa * u) + (ca * v);
            }

            regions.Add((xs, ys));
        }

        return regions;
    }

    private static PathSnapshot ToWorld(in Sensors.Frames.Frame frame, float[] bodyPath, int steps)
    {
        var (sin, cos) = Math.SinCos(frame.GtYaw);
        var pathX = new double[steps + 1];
        var pathY = new double[steps + 1];
        pathX[0] = frame.GtX;
        pathY[0] = frame.GtY;
        for (var k = 0; k < steps; k++)
        {
            double bx = bodyPath[3 * k], by = bodyPath[(3 * k) + 1];
            pathX[k + 1] = frame.GtX + (cos * bx) - (sin * by);
            pathY[k + 1] = frame.GtY + (sin * bx) + (cos * by);
        }

        return new PathSnapshot(frame.TimeSeconds, frame.GtX, frame.GtY, pathX, pathY);
    }
}
