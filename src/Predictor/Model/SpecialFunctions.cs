namespace EdgeLstm.Predictor.Model;

/// <summary>
/// The few special functions the Student-t heading intervals need (<see cref="YawShape"/>), none of
/// them on a per-frame path: ln Γ, the regularised incomplete beta function and erf.
/// </summary>
internal static class SpecialFunctions
{
    // Lanczos' approximation with g = 7 and nine coefficients (relative error below 1e-13 for x > 0):
    //   Γ(x) = √(2π)·(x + g − ½)^(x − ½)·e^(−(x + g − ½))·A(x),  A(x) = c₀ + Σ_{i≥1} c_i / (x − 1 + i)
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection: Γ(x)·Γ(1 − x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        x -= 1;
        var a = Lanczos[0];
        var t = x + 7.5;
        for (var i = 1; i < Lanczos.Length; i++)
        {
            a += Lanczos[i] / (x + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }

    /// <summary>
    /// I_x(a, b), the regularised incomplete beta function, for a, b &gt; 0 and x in [0, 1]:
    /// <code>
    ///   I_x(a, b) = x^a·(1 − x)^b / (a·B(a, b)) · 1/(1 + d₁/(1 + d₂/(1 + …)))
    ///   d_{2m+1} = −(a + m)(a + b + m)·x / ((a + 2m)(a + 2m + 1)),   d_{2m} = m(b − m)·x / ((a + 2m − 1)(a + 2m))
    /// </code>
    /// evaluated by the modified Lentz method where it converges fast (x &lt; (a + 1)/(a + b + 2)),
    /// else as 1 − I_{1−x}(b, a).
    /// </summary>
    public static double IncompleteBeta(double x, double a, double b)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        var front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + (a * Math.Log(x)) + (b * Math.Log(1 - x)));
        return x < (a + 1) / (a + b + 2)
            ? front * ContinuedFraction(x, a, b) / a
            : 1 - (front * ContinuedFraction(1 - x, b, a) / b);
    }

    /// <summary>erf(x), Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7).</summary>
    public static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1 / (1 + (0.3275911 * x));
        var poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        return sign * (1 - (poly * Math.Exp(-x * x)));
    }

    private static double ContinuedFraction(double x, double a, double b)
    {
        const double Tiny = 1e-300;
        const double Tolerance = 1e-14;
        var c = 1.0;
        var d = 1 - ((a + b) * x / (a + 1));
        d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
        var result = d;
        for (var m = 1; m <= 10_000; m++)
        {
            // Even term d_{2m}, then odd term d_{2m+1}.
            var even = m * (b - m) * x / ((a + (2 * m) - 1) * (a + (2 * m)));
            d = 1 + (even * d);
            c = 1 + (even / c);
            d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            result *= d * c;
            var odd = -(a + m) * (a + b + m) * x / ((a + (2 * m)) * (a + (2 * m) + 1));
            d = 1 + (odd * d);
            c = 1 + (odd / c);
            d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            var delta = d * c;
            result *= delta;
            if (Math.Abs(delta - 1) < Tolerance)
            {
                break;
            }
        }

        return result;
    }
}
