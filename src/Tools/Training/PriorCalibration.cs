using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Data;


namespace EdgeLstm.Tools.Training;

/// <summary>The calibrated physics prior fitted on training recordings: speed scale, turn-rate decay, yaw source.</summary>
public sealed record CalibratedPrior(double SpeedScale, double Tau, PriorYawSource YawSource, double FitError)
{
    /// <summary>The same prior at run time.</summary>
    public PhysicsPrior Build(ModelConfig config) =>
        new(PriorKind.DampedTurnRate, Tau, config.StepSeconds, config.HorizonSteps, SpeedScale, YawSource);
}

/// <summary>
/// Fits the damped-turn prior to the true future paths of training recordings. For each decay τ on
/// a grid and each yaw source the recordings have, the speed scale is searched on a grid (the prior's
/// path is linear in v, so one pass of paths serves every scale); the lowest mean FDE at 1 s and 2 s wins.
/// </summary>
public static class PriorCalibration
{
    /// <summary>Turn-rate decay times tried (s): from a turn that dies at once to nearly a constant one.</summary>
    public static IReadOnlyList<double> TauGrid { get; } = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.3, 1.7, 2.2, 3.0, 5.0];

    // Anchors every 5 frames (0.1 s at 50 Hz) are enough for three numbers and five times cheaper.
    private const int AnchorStride = 5;

    public static CalibratedPrior Fit(IReadOnlyList<Recording> recordings, int horizonSteps, double stepSeconds)
    {
        var sources = recordings.Count > 0 && recordings.All(r => r.HasImu)
            ? new[] { PriorYawSource.GyroWhenFresh, PriorYawSource.Odometry }
            : [PriorYawSource.Odometry];
        var mid = Math.Max(1, (int)Math.Round(1.0 / stepSeconds)) - 1;
        var last = horizonSteps - 1;
        mid = Math.Min(mid, last);
        CalibratedPrior? best = null;
        var path = new float[3 * horizonSteps];
        foreach (var source in sources)
        {
            foreach (var tau in TauGrid)
            {
                var prior = new PhysicsPrior(PriorKind.DampedTurnRate, tau, stepSeconds, horizonSteps, 1.0, source);

                // The prior's and the true positions at 1 s and 2 s of every anchor, then the speed
                // scale s on a grid that minimises the mean of ‖s·p − t‖ at both (FDE itself, not its
                // square, so a few large turns do not pull s down).
                var points = new List<double>();
                Visit(recordings, prior, path, horizonSteps, (p, t) =>
                {
                    foreach (var k in new[] { mid, last })
                    {
                        points.Add(p[3 * k]);
                        points.Add(p[(3 * k) + 1]);
                        points.Add(t[3 * k]);
                        points.Add(t[(3 * k) + 1]);
                    }
                });
                var anchors = points.Count / 8;
                var (scale, error) = BestScale(points);
                var mean = anchors == 0 ? double.PositiveInfinity : error / (2 * anchors);
                scale = anchors == 0 ? 1.0 : scale;
                if (best is null || mean < best.FitError)
                {
                    best = new CalibratedPrior(scale, tau, source, mean);
                }
            }
        }

        return best!;
    }

    /// <summary>Speed scales tried: 0.5 to 1.5 in steps of 0.005.</summary>
    private static (double Scale, double Error) BestScale(List<double> points)
    {
        var best = (Scale: 1.0, Error: double.PositiveInfinity);
        for (var s = 0.5; s <= 1.5 + 1e-9; s += 0.005)
        {
            double error = 0;
            for (var i = 0; i < points.Count; i += 4)
            {
                var dx = (s * points[i]) - points[i + 2];
                var dy = (s * points[i + 1]) - points[i + 3];
                error += Math.Sqrt((dx * dx) + (dy * dy));
            }

            if (error < best.Error)
            {
                best = (Math.Round(s, 3), error);
            }
        }

        return best;
    }

    private delegate void AnchorVisitor(ReadOnlySpan<float> prior, ReadOnlySpan<float> truth);

    private static void Visit(IReadOnlyList<Recording> recordings, PhysicsPrior prior, float[] path, int horizonSteps, AnchorVisitor visit)
    {
        foreach (var recording in recordings)
        {
            for (var f = 0; f < recording.Length; f += AnchorStride)
            {
                if (recording.KnownSteps[f] < horizonSteps)
                {
                    continue;
                }

                prior.Path(in recording.Frames[f], path);
                visit(path, recording.Target(f));
            }
        }
    }
}
