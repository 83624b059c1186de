namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// The part of <see cref="ResidualGuard"/> that corrects the physics prior's turning for what this run
/// does that the training runs did not, per horizon step k: a curvature scale β (the robot turns
/// tighter or wider than the prior's decaying turn rate says), a rotation γ (its path bends one way
/// more than the other: a track driven in one direction, which mirror augmentation keeps the network
/// from learning) and a share δ of the way from the prior to the constant-turn-rate path c (a robot
/// whose turns last, where the training robots' turns died away: the prior's decay is a fact of the
/// robots it was calibrated on, and a model used on another robot would otherwise stay with it).
/// With the residual's gain g, the guarded position k is
/// <code>
///   x̂ = p + g·r + β·(0, p_y) + γ·(−p_y, p_x) + δ·(c − p)
/// </code>
/// and θ = (g, β, γ, δ) is the ridge least-squares fit of the realised truth t on the decayed evidence:
/// <code>
///   (N + n₀·D) θ = b + n₀·D·θ₀,   N = Σ fᵢ·fⱼ,  b = Σ fᵢ·(t − p),  f = (r, (0, p_y), (−p_y, p_x), c − p),
///   D = diag(N) / count (for β, γ and δ at least 1 cm²),  θ₀ = (1, 0, 0, 0)
/// </code>
/// n₀ is the guard's prior for g and <see cref="GuardSettings.CorrectionPriorSeconds"/> of observations
/// for β, γ and δ: without evidence the path is the guarded path of old. g and δ stay in [0, 1] (at a
/// bound, the rest are refitted with it held there) and |β|, |γ| ≤ <see cref="Limit"/> (the fit is
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

    public PriorCorrection(int horizonSteps) => _fit = new CorrectionFit(horizonSteps, Limit, withShare: true);

    /// <summary>β of step k: the prior's sideways displacement is scaled by 1 + β.</summary>
    public double CurvatureScale(int step) => _fit.Beta(step);

    /// <summary>γ of step k: the prior's displacement is turned left by about γ rad.</summary>
    public double Rotation(int step) => _fit.Gamma(step);

    /// <summary>δ of step k, in [0, 1]: how far the position has been moved from the prior towards the constant-turn-rate path.</summary>
    public double ConstantTurnShare(int step) => _fit.Share(step);

    /// <summary>
    /// Adds one matured pose of step k, decaying the evidence before it by λ: e = p − t is the prior's
    /// realised error, r the residual, p the prior's position and c the constant-turn-rate path's.
    /// </summary>
    public void Observe(int step, double decay, double ex, double ey, double rx, double ry, double px, double py, double cx, double cy)
    {
        var dx = cx - px;
        var dy = cy - py;
        var s = _fit.Sums(step);

        // N's upper triangle, f = (r, (0, p_y), (−p_y, p_x), c − p)
        s[0] = (decay * s[0]) + (rx * rx) + (ry * ry);
        s[1] = (decay * s[1]) + (ry * py);
        s[2] = (decay * s[2]) + (ry * px) - (rx * py);
        s[3] = (decay * s[3]) + (rx * dx) + (ry * dy);
        s[4] = (decay * s[4]) + (py * py);
        s[5] = (decay * s[5]) + (py * px);
        s[6] = (decay * s[6]) + (py * dy);
        s[7] = (decay * s[7]) + (px * px) + (py * py);
        s[8] = (decay * s[8]) + (px * dy) - (py * dx);
        s[9] = (decay * s[9]) + (dx * dx) + (dy * dy);

        // b = Σ fᵢ·(t − p) = −Σ fᵢ·e
        s[10] = (decay * s[10]) - ((rx * ex) + (ry * ey));
        s[11] = (decay * s[11]) - (py * ey);
        s[12] = (decay * s[12]) - ((px * ey) - (py * ex));
        s[13] = (decay * s[13]) - ((dx * ex) + (dy * ey));
        s[14] = (decay * s[14]) + 1;
    }

    /// <summary>Refits θ of step k (see the class comment) and returns g, in [0, 1].</summary>
    /// <param name="gainPrior">n₀ of g: observations worth of trust in the full residual.</param>
    /// <param name="correctionPrior">n₀ of β, γ and δ: observations worth of trust in the uncorrected prior.</param>
    public double Solve(int step, double gainPrior, double correctionPrior) => _fit.Solve(step, gainPrior, correctionPrior);

    /// <summary>x̂ = p + g·r + β·(0, p_y) + γ·(−p_y, p_x) + δ·(c − p) for position k.</summary>
    public (float X, float Y) Apply(int step, float gain, float px, float py, float rx, float ry, float cx, float cy)
    {
        var beta = (float)_fit.Beta(step);
        var gamma = (float)_fit.Gamma(step);
        var delta = (float)_fit.Share(step);
        return (px + (gain * rx) - (gamma * py) + (delta * (cx - px)), py + (gain * ry) + (beta * py) + (gamma * px) + (delta * (cy - py)));
    }

    /// <summary>Forgets all evidence: θ = θ₀, the uncorrected prior with the full residual.</summary>
    public void Reset() => _fit.Reset();
}
