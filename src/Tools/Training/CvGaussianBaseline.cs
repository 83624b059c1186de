using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Data;

namespace EdgeLstm.Tools.Training;

/// <summary>
/// The uncertainty baseline: constant velocity (odometry speed along the heading) with an isotropic
/// Gaussian whose σ_k grows with the horizon, fitted by maximum likelihood on training recordings:
/// σ_k² = mean over anchors of ‖e_k‖² / 2.
/// </summary>
public static class CvGaussianBaseline
{
    public static float[] FitSigma(IReadOnlyList<Recording> recordings, int steps, double stepSeconds)
    {
        var cv = new PhysicsPrior(PriorKind.ConstantVelocity, 1, stepSeconds, steps);
        var path = new float[3 * steps];
        var sum = new double[steps];
        var count = 0;
        foreach (var recording in recordings)
        {
            var rate = recording.Frames.Length > 1 ? 1e9 / (recording.Frames[1].TimestampNs - recording.Frames[0].TimestampNs) : 50.0;
            var stride = Math.Max(1, (int)Math.Round(0.1 * rate));
            for (var f = 0; f < recording.Length; f += stride)
            {
                if (recording.KnownSteps[f] < steps)
                {
                    continue;
                }

                cv.Path(in recording.Frames[f], path);
                var target = recording.Target(f);
                for (var k = 0; k < steps; k++)
                {
                    var dx = path[3 * k] - target[3 * k];
                    var dy = path[(3 * k) + 1] - target[(3 * k) + 1];
                    sum[k] += (dx * dx) + (dy * dy);
                }

                count++;
            }
        }

        // Without any anchor the baseline is undefined; a metre per second of horizon stands in.
        return [.. sum.Select((s, k) => count == 0 ? (float)((k + 1) * stepSeconds) : (float)Math.Max(Math.Sqrt(s / (2 * count)), 1e-4))];
    }
}
