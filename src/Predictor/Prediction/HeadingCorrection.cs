namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// The heading part of <see cref="ResidualGuard"/>'s correction, per horizon step k: the residual's
/// own gain g_ψ, a scale β_ψ of the prior's heading change (the robot turns more or less than the
/// prior's decaying turn rate says), an offset c (it turns one way more than the other) and a share
/// δ_ψ of the way to the constant-turn-rate heading ψ_c (its turns last), fitted as
/// <see cref="PriorCorrection"/> fits the positions, on each frame's heading k steps ahead against
/// the heading the odometry then has (the gyro's while the IMU is fresh, which wheel slip does not
/// touch):
/// <code>
///   ψ̂ = ψ_p + g_ψ·r_ψ + β_ψ·ψ_p + c + δ_ψ·(ψ_c − ψ_p)
/// </code>
/// θ = (g_ψ, β_ψ, c, δ_ψ) by <see cref="CorrectionFit"/> with the guard's priors, each heading weighed
/// down where it misses by far more than most (a Huber weight): without evidence the heading is the
/// prior's plus the whole residual. Fitted on the headings' own errors rather than
/// derived from the positions' correction: turning each heading with the corrected path's direction
/// of travel (the angle between the path's central differences before and after) made the heading
/// 2 s ahead better on the real F1/10 runs but worse by 1–6 % on simulated robots, where the
/// per-step position fits are mostly noise that a difference between neighbouring steps magnifies.
/// Everything is allocated here; a frame allocates nothing.
/// </summary>
public sealed class HeadingCorrection
{
    /// <summary>The largest |β_ψ| and the largest |c| (rad).</summary>
    public const double Limit = 0.5;

    private readonly CorrectionFit _fit;

    // Heading errors are heavy-tailed (a turn begun after the frame is a radian off 2 s ahead), and
    // with every heading weighed alike the fit chased them: on simulated robots, where there is
    // nothing to correct, the heading's mean |error| 1 and 2 s ahead rose by up to 12 %.
    private readonly HuberWeights _weights;

    public HeadingCorrection(int horizonSteps)
    {
        _fit = new CorrectionFit(horizonSteps, Limit, withShare: true);
        _weights = new HuberWeights(horizonSteps);
    }

    /// <summary>g_ψ of step k: the share of the network's heading residual kept.</summary>
    public double Gain(int step) => _fit.Gain(step);

    /// <summary>β_ψ of step k: the prior's heading change is scaled by 1 + β_ψ.</summary>
    public double TurnScale(int step) => _fit.Beta(step);

    /// <summary>c of step k: the heading is turned left by c rad.</summary>
    public double Offset(int step) => _fit.Gamma(step);

    /// <summary>δ_ψ of step k, in [0, 1]: how far the heading has been moved from the prior's towards the constant-turn-rate heading.</summary>
    public double ConstantTurnShare(int step) => _fit.Share(step);

    /// <summary>
    /// Adds one matured heading of step k, decaying the evidence before it by λ: e = ψ_p − ψ_t (wrapped)
    /// is the prior's realised error, r the residual, p the prior's heading and c the constant-turn-rate heading.
    /// </summary>
    public void Observe(int step, double decay, double error, double residual, double prior, double constantTurn)
    {
        // f = (r, ψ_p, 1, ψ_c − ψ_p); N = Σ w·fᵢfⱼ, b = Σ w·fᵢ·(t − p) = −Σ w·fᵢ·e, w the heading's Huber weight.
        // m = ψ_t − ψ̂ = −(e + g_ψ·r + β_ψ·ψ_p + c + δ_ψ·(ψ_c − ψ_p)), the heading's misfit under the current θ
        var d = constantTurn - prior;
        var w = _weights.Weigh(step, decay, Math.Abs(error + Correction(step, residual, prior, constantTurn)));
        var s = _fit.Sums(step);
        s[0] = (decay * s[0]) + (w * residual * residual);
        s[1] = (decay * s[1]) + (w * residual * prior);
        s[2] = (decay * s[2]) + (w * residual);
        s[3] = (decay * s[3]) + (w * residual * d);
        s[4] = (decay * s[4]) + (w * prior * prior);
        s[5] = (decay * s[5]) + (w * prior);
        s[6] = (decay * s[6]) + (w * prior * d);
        s[7] = (decay * s[7]) + w;
        s[8] = (decay * s[8]) + (w * d);
        s[9] = (decay * s[9]) + (w * d * d);
        s[10] = (decay * s[10]) - (w * residual * error);
        s[11] = (decay * s[11]) - (w * prior * error);
        s[12] = (decay * s[12]) - (w * error);
        s[13] = (decay * s[13]) - (w * d * error);
        s[14] = (decay * s[14]) + w;
    }

    /// <summary>Refits θ of step k (see the class comment).</summary>
    public void Solve(int step, double gainPrior, double correctionPrior) => _fit.Solve(step, gainPrior, correctionPrior);

    /// <summary>ψ̂ = ψ_p + g_ψ·r_ψ + β_ψ·ψ_p + c + δ_ψ·(ψ_c − ψ_p) for pose k.</summary>
    public float Apply(int step, float prior, float residual, float constantTurn) => prior + (float)Correction(step, residual, prior, constantTurn);

    /// <summary>Forgets all evidence: θ = (1, 0, 0, 0), the prior's heading plus the whole residual.</summary>
    public void Reset()
    {
        _fit.Reset();
        _weights.Reset();
    }

    // g_ψ·r + β_ψ·ψ_p + c + δ_ψ·(ψ_c − ψ_p)
    private double Correction(int step, double residual, double prior, double constantTurn) =>
        (_fit.Gain(step) * residual) + (_fit.Beta(step) * prior) + _fit.Gamma(step) + (_fit.Share(step) * (constantTurn - prior));
}
