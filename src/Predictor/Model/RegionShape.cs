namespace EdgeLstm.Predictor.Model;

/// <summary>
/// The shape of the distribution a published position spread describes: a bivariate Student-t with
/// scale matrix Σ (σx, σy, ρ) and ν degrees of freedom, the Gaussian when ν = ∞. Prediction errors of a
/// robot's path are heavy-tailed (a turn the driver had not begun yet), so one Gaussian cannot hold
/// both its 50 % and its 90 % region: sized for the 90 %, its 50 % region held two thirds of the
/// errors on the left-out real runs. With d² = eᵀΣ⁻¹e the squared Mahalanobis distance:
/// <code>
///   P(d² ≤ r²) = 1 − (1 + r²/ν)^(−ν/2)     ⇒   r²_p = ν·((1 − p)^(−2/ν) − 1)      (ν → ∞: r²_p = −2 ln(1 − p))
///   −ln f(e)   = ln(2π·σx·σy·√(1 − ρ²)) + (1 + ν/2)·ln(1 + d²/ν)                   (ν → ∞: … + d²/2)
/// </code>
/// (d²/2 follows an F(2, ν) distribution, whose CDF has that closed form.) Both hold for any ν &gt; 0;
/// ν is kept above 1 so that the error has a mean (the path). For ν ≤ 2 it has no finite variance, but
/// nothing here needs one: the regions and the density are what is published and scored, and the
/// published σ are those of the Gaussian with the same 90 % ellipse.
/// </summary>
public readonly record struct RegionShape
{
    /// <summary>ν must exceed this: with ν ≤ 1 the distribution has no mean.</summary>
    public const double DegreesOfFreedomAbove = 1;

    public RegionShape(double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > DegreesOfFreedomAbove))
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, $"a region's degrees of freedom must be above {DegreesOfFreedomAbove} (or infinite: Gaussian)");
        }

        DegreesOfFreedom = degreesOfFreedom;
    }

    /// <summary>ν; positive infinity for the Gaussian.</summary>
    public double DegreesOfFreedom { get; }

    public static RegionShape Gaussian { get; } = new(double.PositiveInfinity);

    public bool IsGaussian => double.IsPositiveInfinity(DegreesOfFreedom);

    /// <summary>r² of the region that holds probability <paramref name="probability"/> in (0, 1).</summary>
    public double SquaredRadius(double probability) =>
        IsGaussian
            ? -2 * Math.Log(1 - probability)
            : DegreesOfFreedom * (Math.Exp(-2 / DegreesOfFreedom * Math.Log(1 - probability)) - 1);

    /// <summary>
    /// The probability P(d² ≤ <paramref name="squared"/>): the level of the smallest region that holds a
    /// point at that squared distance (it lies in the p region exactly when this is at most p).
    /// </summary>
    public double Probability(double squared) =>
        IsGaussian
            ? -double.ExpM1(-0.5 * squared)
            : 1 - Math.Exp(-0.5 * DegreesOfFreedom * Math.Log(1 + (squared / DegreesOfFreedom)));

    /// <summary>
    /// r²₅₀ / r²₉₀: how large the 50 % region is against the 90 % one. With x = 2/ν it is
    /// (2^x − 1) / (10^x − 1), which grows with ν from 3/99 at ν = 1 to the Gaussian's ln 2 / ln 10.
    /// </summary>
    public double CoreRatio => SquaredRadius(0.5) / SquaredRadius(0.9);

    /// <summary>The Gaussian's <see cref="CoreRatio"/>, ln 2 / ln 10: the largest a Student-t region can have.</summary>
    public static double GaussianCoreRatio { get; } = Math.Log(2) / Math.Log(10);

    /// <summary>
    /// The shape whose <see cref="CoreRatio"/> is <paramref name="ratio"/>: Gaussian at or above
    /// <see cref="GaussianCoreRatio"/> (within the table's resolution), ν just above 1 at or below 3/99.
    /// Interpolated in a table built once, so that a predictor step can call it without allocating or
    /// solving: x = 2/ν on a uniform grid over (0, 2), where the ratio falls smoothly.
    /// </summary>
    public static RegionShape WithCoreRatio(double ratio) => new(CoreRatios.DegreesOfFreedomWith(ratio));

    // x = 2/ν from 0 to 1.995 in 400 steps: r²₅₀ / r²₉₀ = (2^x − 1) / (10^x − 1).
    private static readonly CoreRatioTable CoreRatios = new(400, 1.995, Math.Log(2) / Math.Log(10), x => double.ExpM1(x * Math.Log(2)) / double.ExpM1(x * Math.Log(10)));

    /// <summary>−ln of the density of the error (ex, ey) under (σx, σy, ρ), in nats.</summary>
    public double NegativeLogLikelihood(double ex, double ey, double sigmaX, double sigmaY, double rho)
    {
        var squared = SquaredDistance(ex, ey, sigmaX, sigmaY, rho);
        var normaliser = Math.Log(2 * Math.PI * sigmaX * sigmaY * Math.Sqrt(1 - (rho * rho)));
        return normaliser + (IsGaussian ? 0.5 * squared : (1 + (0.5 * DegreesOfFreedom)) * Math.Log(1 + (squared / DegreesOfFreedom)));
    }

    /// <summary>d² = eᵀΣ⁻¹e = (zx² − 2ρ·zx·zy + zy²) / (1 − ρ²) with z = e / σ.</summary>
    public static double SquaredDistance(double ex, double ey, double sigmaX, double sigmaY, double rho)
    {
        var zx = ex / sigmaX;
        var zy = ey / sigmaY;
        return ((zx * zx) - (2 * rho * zx * zy) + (zy * zy)) / (1 - (rho * rho));
    }
}
