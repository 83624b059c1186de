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
/// β and γ are refitted with g held there) and |β|, |γ| ≤ <see cref="Limit"/> (the fit is
/// <see cref="CorrectionFit"/>'s). No speed scale: the truth is the odometry, whose speed error is the
/// prior's own (its calibrated speed scale comes from ground truth at training), and a speed term
/// fitted on it made crossval worse on the real runs.
/// Everything is allocated here; a frame allocates nothing.
/// </summary>
public sealed class PriorCorrection
{
    /// <summary>The largest correction: half the prior's sideways displacement (β) or about 0.46 rad (γ).</summary>
    public const double Limit = 0.5;

    private readonly CorrectionFit _fit;

    public PriorCorrection(int horizonSteps) => _fit = new CorrectionFit(horizonSteps, Limit);

    /// <summary>β of step k: the prior's sideways displacement is scaled by 1 + β.</summary>
    public double CurvatureScale(int step) => _fit.Beta(step);

    /// <summary>γ of step k: the prior's displacement is turned left by about γ rad.</summary>
    public double Rotation(int step) => _fit.Gamma(step);

    /// <summary>Adds one matured pose of step k, decaying the evidence before it by λ: e = p − t is the prior's realised error.</summary>
    public void Observe(int step, double decay, double ex, double ey, double rx, double ry, double px, double py)
    {
        var s = _fit.Sums(step);
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
    public double Solve(int step, double gainPrior, double correctionPrior) => _fit.Solve(step, gainPrior, correctionPrior);

    /// <summary>x̂ = p + g·r + β·(0, p_y) + γ·(−p_y, p_x) for position k.</summary>
    public (float X, float Y) Apply(int step, float gain, float px, float py, float rx, float ry)
    {
        var beta = (float)_fit.Beta(step);
        var gamma = (float)_fit.Gamma(step);
        return (px + (gain * rx) - (gamma * py), py + (gain * ry) + (beta * py) + (gamma * px));
    }

    /// <summary>Forgets all evidence: θ = θ₀, the uncorrected prior with the full residual.</summary>
    public void Reset() => _fit.Reset();
}
