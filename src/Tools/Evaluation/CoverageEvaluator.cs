using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Data;

namespace EdgeLstm.Tools.Evaluation;

/// <summary>
/// Scores a model's per-pose uncertainty on recordings, on anchors every 0.1 s as <see cref="Evaluator"/>:
/// at each horizon, the true position's squared Mahalanobis distance d² under the published pose's
/// spread (it lies in the p region when d² ≤ r²_p of the step's <see cref="RegionShape"/>, −2 ln(1 − p)
/// for a Gaussian) and its negative log-likelihood under that shape, the shape as it stood at the
/// anchor (<see cref="SpreadCalibrator.ShapeAt"/>: the run may have widened the 50 % region, with the
/// 90 % ellipse unchanged); and the true heading's error e_ψ under the step's heading interval shape
/// (<see cref="YawShape"/>: Student-t or Gaussian, the published σ_ψ its Gaussian-equivalent). The
/// baseline is constant velocity with the isotropic σ_k fitted on the model's training recordings.
/// </summary>
public static class CoverageEvaluator
{
    /// <summary>Horizons reported (s), those within the model's horizon.</summary>
    public static IReadOnlyList<double> Horizons { get; } = [0.5, 1.0, 2.0];

    /// <summary>Nominal levels of the reliability diagram.</summary>
    public static IReadOnlyList<double> NominalLevels { get; } = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];


    /// <summary>Null when the model carries no uncertainty.</summary>
    public static IReadOnlyList<HorizonCoverage>? Evaluate(IReadOnlyList<Recording> recordings, PathPredictor predictor, double anchorSeconds = 0.1)
    {
        var config = predictor.Config;
        if (config.Uncertainty is not { } uncertainty)
        {
            return null;
        }

        var steps = Horizons.Where(h => h <= config.HorizonSeconds + 1e-9).Select(h => (Seconds: h, Step: (int)Math.Round(h / config.StepSeconds) - 1)).ToList();
        var model = steps.Select(_ => new Scores()).ToList();
        var baseline = steps.Select(_ => new Scores()).ToList();
        var yaw = steps.Select(_ => new YawScores()).ToList();
        var cvPath = new float[config.OutputSize];
        var cv = new PhysicsPrior(PriorKind.ConstantVelocity, 1, config.StepSeconds, config.HorizonSteps);
        var anchors = 0;
        foreach (var recording in recordings)
        {
            var rate = recording.Frames.Length > 1 ? 1e9 / (recording.Frames[1].TimestampNs - recording.Frames[0].TimestampNs) : config.FrameRateHz;
            var stride = Math.Max(1, (int)Math.Round(anchorSeconds * rate));
            predictor.Reset();
            for (var f = 0; f < recording.Length; f++)
            {
                ref readonly var frame = ref recording.Frames[f];
                predictor.Step(in frame);
                if (frame.Index % stride != 0 || recording.KnownSteps[f] < config.HorizonSteps)
                {
                    continue;
                }

                anchors++;
                var target = recording.Target(f);
                var path = predictor.BodyPath;
                var spread = predictor.Uncertainty!;
                cv.Path(in frame, cvPath);
                for (var h = 0; h < steps.Count; h++)
                {
                    var k = steps[h].Step;
                    var j = 3 * k;
                    var fileShape = uncertainty.ShapeAt(k);
                    var shape = predictor.SpreadCalibrator?.ShapeAt(k) ?? fileShape;
                    model[h].Add(target[j] - path[j], target[j + 1] - path[j + 1], spread.SigmaX[k], spread.SigmaY[k], spread.Rho[k], fileShape, shape);
                    yaw[h].Add(Math.IEEERemainder(target[j + 2] - path[j + 2], 2 * Math.PI), spread.Yaw[k], predictor.SpreadCalibrator?.YawShapeAt(k) ?? uncertainty.YawShapeAt(k));
                    var sigma = uncertainty.BaselineSigma[k];
                    baseline[h].Add(target[j] - cvPath[j], target[j + 1] - cvPath[j + 1], sigma, sigma, 0, RegionShape.Gaussian, RegionShape.Gaussian);
                }
            }
        }

        return [.. steps.Select((s, h) => new HorizonCoverage(s.Seconds, anchors, model[h].Result(), baseline[h].Result(), yaw[h].Result()))];
    }

    /// <summary>
    /// The coverage check: the 50 % region holds 42–58 % and the 90 % region 85–95 % of true positions.
    /// Below those bands the spread is over-confident, above them under-confident.
    /// </summary>
    public static string Verdict(CoverageStats stats) =>
        stats.Inside90 < 0.85 || stats.Inside50 < 0.42 ? "over-confident"
        : stats.Inside90 > 0.95 || stats.Inside50 > 0.58 ? "under-confident"
        : "calibrated";

    // σ describes the file's shape; the shape in use has the same 90 % ellipse, so its scale is σ/√c with
    // c = r²₉₀(in use) / r²₉₀(file), and d² under it is c·d². The point lies in the p region when
    // P(D² ≤ c·d²) ≤ p under the shape in use (RegionShape.Probability).
    private sealed class Scores
    {
        private readonly List<double> _levels = [];
        private double _nll;

        public void Add(double ex, double ey, double sigmaX, double sigmaY, double rho, RegionShape fileShape, RegionShape shape)
        {
            var c = shape.SquaredRadius(0.9) / fileShape.SquaredRadius(0.9);
            var root = Math.Sqrt(c);
            _levels.Add(shape.Probability(c * RegionShape.SquaredDistance(ex, ey, sigmaX, sigmaY, rho)));
            _nll += shape.NegativeLogLikelihood(ex, ey, sigmaX / root, sigmaY / root, rho);
        }

        public CoverageStats Result()
        {
            var n = Math.Max(1, _levels.Count);
            double Share(double p) => _levels.Count(level => level <= p) / (double)n;
            return new CoverageStats(Share(0.5), Share(0.9), _levels.Count == 0 ? double.NaN : _nll / n, [.. NominalLevels.Select(Share)]);
        }
    }

    // The heading error e (wrapped) under the step's shape (YawShape) with the published σ_ψ: it lies in
    // the p interval when P(|u| ≤ |e|/s) ≤ p, s = σ_ψ·z₉₀/t₉₀(ν); the NLL under that shape; and the
    // heading's own mean |e|.
    private sealed class YawScores
    {
        // t₉₀ costs a bisection; the run moves ν in small steps, so few distinct shapes recur.
        private readonly Dictionary<double, double> _scalePerSigma = [];
        private readonly List<double> _levels = [];
        private double _nll;
        private double _abs;

        public void Add(double error, double sigma, YawShape shape)
        {
            if (!_scalePerSigma.TryGetValue(shape.DegreesOfFreedom, out var scalePerSigma))
            {
                scalePerSigma = _scalePerSigma[shape.DegreesOfFreedom] = shape.ScalePerSigma;
            }

            _abs += Math.Abs(error);
            _levels.Add(shape.Probability(error / (sigma * scalePerSigma)));
            _nll += shape.NegativeLogLikelihood(error, sigma);
        }

        public CoverageStats Result()
        {
            var n = Math.Max(1, _levels.Count);
            double Share(double p) => _levels.Count(level => level <= p) / (double)n;
            return new CoverageStats(Share(0.5), Share(0.9), _levels.Count == 0 ? double.NaN : _nll / n, [.. NominalLevels.Select(Share)])
            {
                MeanAbsoluteError = _levels.Count == 0 ? double.NaN : _abs / n,
            };
        }
    }
}
