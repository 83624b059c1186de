namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// The ridge least-squares fit that <see cref="PriorCorrection"/> (positions) and
/// <see cref="HeadingCorrection"/> (headings) make per horizon step: θ = (g, β, γ[, δ]), g the
/// residual's gain, β and γ corrections of the prior, and optionally δ, a share of the way from the
/// prior to another physics path; from decayed sums of the realised evidence,
/// <code>
///   (N + n₀·D) θ = b + n₀·D·θ₀,   N = Σ fᵢ·fⱼ,  b = Σ fᵢ·(t − p),  D = diag(N) / count,  θ₀ = (1, 0, 0[, 0])
/// </code>
/// with the corrections' and the share's mean power floored at 1e-4 (a term that barely varies is not
/// evidence of a correction), g and δ held in [0, 1] (one that leaves it is held at the bound it crossed
/// and the others refitted; a term with no power at all is held at θ₀), and |β|, |γ| within a limit.
/// The owner adds its evidence to <see cref="Sums"/>, laid out per step as N's upper triangle row by
/// row (00 01 02 … 11 12 …), then b₀ b₁ …, then the count. The solve is by cofactors of 3 × 3 blocks
/// (δ by the Schur complement), a few hundred instructions. Everything is allocated here.
/// </summary>
internal sealed class CorrectionFit
{
    private const double PowerFloor = 1e-4;
    private const double NoPower = 1e-12;

    private readonly int _steps;
    private readonly int _terms;
    private readonly int _stride;
    private readonly double _limit;
    private readonly double[] _sums;
    private readonly double[] _theta;

    /// <param name="limit">The largest |β| and |γ|.</param>
    /// <param name="withShare">Whether θ has a fourth term δ in [0, 1], pulled towards 0 as β and γ are.</param>
    public CorrectionFit(int horizonSteps, double limit, bool withShare = false)
    {
        _steps = horizonSteps;
        _terms = withShare ? 4 : 3;
        _stride = (_terms * (_terms + 1) / 2) + _terms + 1;
        _limit = limit;
        _sums = new double[horizonSteps * _stride];
        _theta = new double[horizonSteps * _terms];
        Reset();
    }

    /// <summary>Step k's sums, for its owner to decay and add to.</summary>
    public Span<double> Sums(int step) => _sums.AsSpan(_stride * step, _stride);

    /// <summary>g of step k.</summary>
    public double Gain(int step) => _theta[_terms * step];

    /// <summary>β of step k.</summary>
    public double Beta(int step) => _theta[(_terms * step) + 1];

    /// <summary>γ of step k.</summary>
    public double Gamma(int step) => _theta[(_terms * step) + 2];

    /// <summary>δ of step k (0 when the fit has no share term).</summary>
    public double Share(int step) => _terms > 3 ? _theta[(_terms * step) + 3] : 0;

    /// <summary>Refits θ of step k from its sums and returns g, in [0, 1].</summary>
    /// <param name="gainPrior">n₀ of g: observations worth of trust in the full residual.</param>
    /// <param name="correctionPrior">n₀ of β, γ and δ: observations worth of trust in the uncorrected prior.</param>
    public double Solve(int step, double gainPrior, double correctionPrior)
    {
        var s = _sums.AsSpan(_stride * step, _stride);
        var theta = _theta.AsSpan(_terms * step, _terms);
        var count = s[^1];
        if (!(count > 0))
        {
            return theta[0];
        }

        // A = N + n₀D (symmetric: entries aᵢⱼ), right-hand side rᵢ = bᵢ + n₀Dθ₀; without δ its row and
        // column are empty and δ is held at 0.
        var share = _terms > 3;
        double a00 = s[0], a01 = s[1], a02 = s[2];
        double a03 = share ? s[3] : 0;
        double a11 = share ? s[4] : s[3], a12 = share ? s[5] : s[4];
        double a13 = share ? s[6] : 0;
        double a22 = share ? s[7] : s[5];
        double a23 = share ? s[8] : 0;
        double a33 = share ? s[9] : 0;
        var b = s.Slice(share ? 10 : 6);
        double r0 = b[0], r1 = b[1], r2 = b[2];
        var r3 = share ? b[3] : 0;

        var gainRidge = gainPrior * a00 / count;
        a00 += gainRidge;
        r0 += gainRidge;
        a11 += correctionPrior * Math.Max(a11 / count, PowerFloor);
        a22 += correctionPrior * Math.Max(a22 / count, PowerFloor);
        a33 += correctionPrior * Math.Max(a33 / count, PowerFloor);

        // A term without power has nothing to be fitted on: g keeps the whole residual, δ none of the
        // other path. Each pass holds at its bound every free bounded term that left [0, 1].
        var heldGain = s[0] > NoPower ? double.NaN : 1;
        var heldShare = share && s[9] > NoPower ? double.NaN : 0;
        double g = 1, beta = 0, gamma = 0, delta = 0;
        for (var pass = 0; pass < 3; pass++)
        {
            if (double.IsNaN(heldGain) && double.IsNaN(heldShare))
            {
                // δ by the Schur complement of the (g, β, γ) block: u = A₃⁻¹·a₍·₎₃, w = A₃⁻¹·r₃,
                // δ = (r₃ − a₃·w) / (a₃₃ − a₃·u), (g, β, γ) = w − δ·u.
                var (u0, u1, u2) = Solve3(a00, a01, a02, a11, a12, a22, a03, a13, a23);
                var (w0, w1, w2) = Solve3(a00, a01, a02, a11, a12, a22, r0, r1, r2);
                delta = (r3 - ((a03 * w0) + (a13 * w1) + (a23 * w2))) / (a33 - ((a03 * u0) + (a13 * u1) + (a23 * u2)));
                (g, beta, gamma) = (w0 - (delta * u0), w1 - (delta * u1), w2 - (delta * u2));
            }
            else if (double.IsNaN(heldShare))
            {
                g = heldGain;
                (beta, gamma, delta) = Solve3(a11, a12, a13, a22, a23, a33, r1 - (a01 * g), r2 - (a02 * g), r3 - (a03 * g));
            }
            else if (double.IsNaN(heldGain))
            {
                delta = heldShare;
                (g, beta, gamma) = Solve3(a00, a01, a02, a11, a12, a22, r0 - (a03 * delta), r1 - (a13 * delta), r2 - (a23 * delta));
            }
            else
            {
                (g, delta) = (heldGain, heldShare);
                (beta, gamma) = Solve2(a11, a12, a22, r1 - (a01 * g) - (a13 * delta), r2 - (a02 * g) - (a23 * delta));
            }

            var moved = false;
            // (a singular system's NaN holds g at 1 and δ at 0: no evidence of either)
            if (double.IsNaN(heldGain) && !(g is >= 0 and <= 1))
            {
                heldGain = g < 0 ? 0 : 1;
                moved = true;
            }

            if (double.IsNaN(heldShare) && !(delta is >= 0 and <= 1))
            {
                heldShare = delta > 1 ? 1 : 0;
                moved = true;
            }

            if (!moved)
            {
                break;
            }
        }

        theta[0] = g;
        theta[1] = Bounded(beta, _limit);
        theta[2] = Bounded(gamma, _limit);
        if (share)
        {
            theta[3] = delta;
        }

        return g;
    }

    /// <summary>Forgets all evidence: θ = θ₀ at every step.</summary>
    public void Reset()
    {
        Array.Clear(_sums);
        Array.Clear(_theta);
        for (var k = 0; k < _steps; k++)
        {
            _theta[_terms * k] = 1;
        }
    }

    // [a b c; b d e; c e f]·x = (u, v, w) by Cramer's rule with cofactors; a singular A gives non-finite x.
    private static (double X0, double X1, double X2) Solve3(double a, double b, double c, double d, double e, double f, double u, double v, double w)
    {
        var c11 = (d * f) - (e * e);
        var c12 = (c * e) - (b * f);
        var c13 = (b * e) - (c * d);
        var c23 = (b * c) - (a * e);
        var det = (a * c11) + (b * c12) + (c * c13);
        return (((c11 * u) + (c12 * v) + (c13 * w)) / det, ((c12 * u) + (((a * f) - (c * c)) * v) + (c23 * w)) / det, ((c13 * u) + (c23 * v) + (((a * d) - (b * b)) * w)) / det);
    }

    // [d e; e f]·x = (v, w).
    private static (double X0, double X1) Solve2(double d, double e, double f, double v, double w)
    {
        var det = (d * f) - (e * e);
        return (((f * v) - (e * w)) / det, ((d * w) - (e * v)) / det);
    }

    // Within ±limit; NaN (a singular system) is no correction.
    private static double Bounded(double x, double limit) => x > limit ? limit : (x < -limit ? -limit : (double.IsNaN(x) ? 0 : x));
}
