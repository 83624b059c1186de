namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// The part of <see cref="ResidualGuard"/> that corrects the physics prior's turning for what this run
/// does that the training runs did not, per horizon step k: a curvature scale β (the robot turns
/// tighter or wider than the prior's decaying turn rate says) and a rotation γ (its path bends one way
/// more than the other: a track driven in one direction, which mirror augmentation keeps the network
/// from learning). With the residual's gain g, the guarded position k is
/// <code>
///   x̂ = p + g·r + β·(0, p_y) + γ·(−p_y, p_x)
/// </code>
/// and θ = (g, β, γ) is the ridge least-squares fit of the realised truth t on the decayed evidence:
/// <code>
///   (N + n₀·D) θ = b + n₀·D·θ₀,   N = Σ fᵢ·fⱼ,  b = Σ fᵢ·(t − p),  f = (r, (0, p_y), (−p_y, p_x)),
///   D = diag(N) / count (for β and γ at least 1 cm²),  θ₀ = (1, 0, 0)
/// </code>
/// n₀ is the guard's prior for g and <see cref="GuardSettings.CorrectionPriorSeconds"/> of observations
/// for β and γ: without evidence the path is the guarded path of old. g stays in [0, 1] (at a bound,
/// β and γ are refitted with g held there) and |β|, |γ| ≤ <see cref="Limit"/>. No speed scale: the
/// truth is the odometry, whose speed error is the prior's own (its calibrated speed scale comes from
/// ground truth at training), and a speed term fitted on it made crossval worse on the real runs.
/// Everything is allocated here; a frame allocates nothing.
/// </summary>
public sealed class PriorCorrection
{
    /// <summary>The largest correction: half the prior's sideways displacement (β) or about 0.46 rad (γ).</summary>
    public const double Limit = 0.5;

    private const int Terms = 3;

    // A feature below 1 cm² of mean power is not evidence of a correction (straight driving for β).
    private const double PowerFloor = 1e-4;

    // Per step: N's upper triangle (00 01 02 11 12 22), b₀ b₁ b₂, count.
    private const int Stride = 10;

    private readonly int _steps;
    private readonly double[] _sums;
    private readonly double[] _theta;

    public PriorCorrection(int horizonSteps)
    {
        _steps = horizonSteps;
        _sums = new double[horizonSteps * Stride];
        _theta = new double[horizonSteps * Terms];
        Reset();
    }

    /// <summary>β of step k: the prior's sideways displacement is scaled by 1 + β.</summary>
    public double CurvatureScale(int step) => _theta[(Terms * step) + 1];

    /// <summary>γ of step k: the prior's displacement is turned left by about γ rad.</summary>
    public double Rotation(int step) => _theta[(Terms * step) + 2];

    /// <summary>Adds one matured pose of step k, decaying the evidence before it by λ: e = p − t is the prior's realised error.</summary>
    public void Observe(int step, double decay, double ex, double ey, double rx, double ry, double px, double py)
    {
        var s = _sums.AsSpan(Stride * step, Stride);
        s[0] = (decay * s[0]) + (rx * rx) + (ry * ry);
        s[1] = (decay * s[1]) + (ry * py);
        s[2] = (decay * s[2]) + (ry * px) - (rx * py);
        s[3] = (decay * s[3]) + (py * py);
        s[4] = (decay * s[4]) + (py * px);
        s[5] = (decay * s[5]) + (px * px) + (py * py);

        // b = Σ fᵢ·(t − p) = −Σ fᵢ·e
        s[6] = (decay * s[6]) - ((rx * ex) + (ry * ey));
        s[7] = (decay * s[7]) - (py * ey);
        s[8] = (decay * s[8]) - ((px * ey) - (py * ex));
        s[9] = (decay * s[9]) + 1;
    }

    /// <summary>Refits θ of step k (see the class comment) and returns g, in [0, 1].</summary>
    /// <param name="gainPrior">n₀ of g: observations worth of trust in the full residual.</param>
    /// <param name="correctionPrior">n₀ of β and γ: observations worth of trust in the uncorrected prior.</param>
    public double Solve(int step, double gainPrior, double correctionPrior)
    {
        var s = _sums.AsSpan(Stride * step, Stride);
        var t = Terms * step;
        var count = s[9];
        if (!(count > 0))
        {
            return _theta[t];
        }

        // A = N + n₀D (symmetric: a b c / b d e / c e f), right-hand side (u, v, w) = b + n₀Dθ₀.
        var gainRidge = gainPrior * s[0] / count;
        var a = s[0] + gainRidge;
        var b = s[1];
        var c = s[2];
        var d = s[3] + (correctionPrior * Math.Max(s[3] / count, PowerFloor));
        var e = s[4];
        var f = s[5] + (correctionPrior * Math.Max(s[5] / count, PowerFloor));
        var u = s[6] + gainRidge;
        var v = s[7];
        var w = s[8];

        // Cramer's rule by cofactors; A is positive definite (ridge > 0 on β, γ; N ⪰ 0), so det > 0
        // unless the residual has no power, when g's row is empty.
        var c11 = (d * f) - (e * e);
        var c12 = (c * e) - (b * f);
        var c13 = (b * e) - (c * d);
        var c23 = (b * c) - (a * e);
        var det = (a * c11) + (b * c12) + (c * c13);
        var gain = 1.0;
        double beta, gamma;
        if (s[0] > 1e-12 && det > 1e-300)
        {
            gain = ((c11 * u) + (c12 * v) + (c13 * w)) / det;
            beta = ((c12 * u) + (((a * f) - (c * c)) * v) + (c23 * w)) / det;
            gamma = ((c13 * u) + (c23 * v) + (((a * d) - (b * b)) * w)) / det;
        }
        else
        {
            beta = gamma = double.NaN;
        }

        if (!(gain is >= 0 and <= 1 && double.IsFinite(beta) && double.IsFinite(gamma)))
        {
            // g left [0, 1] (held at the bound it crossed), or the residual has no power (g = 1):
            // β, γ refitted with g held, [d e; e f]·(β, γ) = (v − b·g, w − c·g).
            gain = gain < 0 ? 0 : 1;
            var v1 = v - (b * gain);
            var w1 = w - (c * gain);
            beta = ((f * v1) - (e * w1)) / c11;
            gamma = ((d * w1) - (e * v1)) / c11;
        }

        _theta[t] = gain;
        _theta[t + 1] = Bounded(beta);
        _theta[t + 2] = Bounded(gamma);
        return gain;
    }

    /// <summary>x̂ = p + g·r + β·(0, p_y) + γ·(−p_y, p_x) for position k.</summary>
    public (float X, float Y) Apply(int step, float gain, float px, float py, float rx, float ry)
    {
        var beta = (float)_theta[(Terms * step) + 1];
        var gamma = (float)_theta[(Terms * step) + 2];
        return (px + (gain * rx) - (gamma * py), py + (gain * ry) + (beta * py) + (gamma * px));
    }

    /// <summary>Forgets all evidence: θ = θ₀, the uncorrected prior with the full residual.</summary>
    public void Reset()
    {
        Array.Clear(_sums);
        Array.Clear(_theta);
        for (var k = 0; k < _steps; k++)
        {
            _theta[Terms * k] = 1;
        }
    }

    // Within ±Limit; NaN (a singular system) is no correction.
    private static double Bounded(double x) => x > Limit ? Limit : (x < -Limit ? -Limit : (double.IsNaN(x) ? 0 : x));
}
