namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// The ridge least-squares fit that <see cref="PriorCorrection"/> (positions) and
/// <see cref="HeadingCorrection"/> (headings) make per horizon step: three terms θ = (g, β, γ), g the
/// residual's gain and β, γ corrections of the prior, from decayed sums of the realised evidence,
/// <code>
///   (N + n₀·D) θ = b + n₀·D·θ₀,   N = Σ fᵢ·fⱼ,  b = Σ fᵢ·(t − p),  D = diag(N) / count,  θ₀ = (1, 0, 0)
/// </code>
/// with β's and γ's mean power floored at 1e-4 (a term that barely varies is not evidence of a
/// correction), g held in [0, 1] (at a bound, β and γ are refitted with g held there) and |β|, |γ|
/// within a limit. The owner adds its evidence to <see cref="Sums"/>, laid out per step as N's upper
/// triangle (00 01 02 11 12 22), b₀ b₁ b₂ and the count. Everything is allocated here.
/// </summary>
internal sealed class CorrectionFit
{
    private const int Terms = 3;
    private const int Stride = 10;
    private const double PowerFloor = 1e-4;

    private readonly int _steps;
    private readonly double _limit;
    private readonly double[] _sums;
    private readonly double[] _theta;

    /// <param name="limit">The largest |β| and |γ|.</param>
    public CorrectionFit(int horizonSteps, double limit)
    {
        _steps = horizonSteps;
        _limit = limit;
        _sums = new double[horizonSteps * Stride];
        _theta = new double[horizonSteps * Terms];
        Reset();
    }

    /// <summary>Step k's sums, for its owner to decay and add to.</summary>
    public Span<double> Sums(int step) => _sums.AsSpan(Stride * step, Stride);

    /// <summary>g of step k.</summary>
    public double Gain(int step) => _theta[Terms * step];

    /// <summary>β of step k.</summary>
    public double Beta(int step) => _theta[(Terms * step) + 1];

    /// <summary>γ of step k.</summary>
    public double Gamma(int step) => _theta[(Terms * step) + 2];

    /// <summary>Refits θ of step k from its sums and returns g, in [0, 1].</summary>
    /// <param name="gainPrior">n₀ of g: observations worth of trust in the full residual.</param>
    /// <param name="correctionPrior">n₀ of β and γ: observations worth of trust in the uncorrected prior.</param>
    public double Solve(int step, double gainPrior, double correctionPrior) =>
        Solve(_sums.AsSpan(Stride * step, Stride), _theta.AsSpan(Terms * step, Terms), gainPrior, correctionPrior, _limit);

    /// <summary>Forgets all evidence: θ = θ₀ at every step.</summary>
    public void Reset()
    {
        Array.Clear(_sums);
        Array.Clear(_theta);
        for (var k = 0; k < _steps; k++)
        {
            _theta[Terms * k] = 1;
        }
    }

    private static double Solve(ReadOnlySpan<double> s, Span<double> theta, double gainPrior, double correctionPrior, double limit)
    {
        var count = s[9];
        if (!(count > 0))
        {
            return theta[0];
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

        theta[0] = gain;
        theta[1] = Bounded(beta, limit);
        theta[2] = Bounded(gamma, limit);
        return gain;
    }

    // Within ±limit; NaN (a singular system) is no correction.
    private static double Bounded(double x, double limit) => x > limit ? limit : (x < -limit ? -limit : (double.IsNaN(x) ? 0 : x));
}
