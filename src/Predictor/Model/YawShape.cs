namespace EdgeLstm.Predictor.Model;

/// <summary>
/// The shape of the distribution a published heading spread describes: a Student-t with ν degrees of
/// freedom (the Gaussian when ν = ∞). The heading errors of a predicted path are heavy-tailed like its
/// position errors, so one Gaussian σ cannot hold both its 50 % and its 90 % interval: calibrated to
/// both, its 50 % interval held 65–70 % of the true headings on the left-out real runs. For a heading
/// error e and the t's scale s, u = e/s:
/// <code>
///   P(|u| ≤ t) = 1 − I_{ν/(ν + t²)}(ν/2, ½)                         (ν → ∞: erf(t/√2))
///   −ln f(e)   = ln s + ½·ln(νπ) + ln Γ(ν/2) − ln Γ((ν + 1)/2) + (ν + 1)/2·ln(1 + u²/ν)
/// </code>
/// The published σ_ψ is the Gaussian's with the same 90 % interval, s = σ_ψ·z₉₀ / t₉₀(ν), so a subscriber
/// that ignores ν still gets the 90 % interval right, and the online widening, which scores that
/// interval, is the same for every ν.
/// </summary>
public readonly record struct YawShape
{
    /// <summary>z₉₀ of the standard normal: the half-width of its central 90 % interval.</summary>
    public const double GaussianHalfWidth90 = 1.6448536269514722;

    public YawShape(double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > RegionShape.DegreesOfFreedomAbove))
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, $"a heading interval's degrees of freedom must be above {RegionShape.DegreesOfFreedomAbove} (or infinite: Gaussian)");
        }

        DegreesOfFreedom = degreesOfFreedom;
    }

    /// <summary>ν; positive infinity for the Gaussian.</summary>
    public double DegreesOfFreedom { get; }

    public static YawShape Gaussian { get; } = new(double.PositiveInfinity);

    public bool IsGaussian => double.IsPositiveInfinity(DegreesOfFreedom);

    /// <summary>P(|u| ≤ <paramref name="halfWidth"/>) for u of this shape with unit scale.</summary>
    public double Probability(double halfWidth)
    {
        var t = Math.Abs(halfWidth);
        if (IsGaussian)
        {
            return SpecialFunctions.Erf(t / Math.Sqrt(2));
        }

        var nu = DegreesOfFreedom;
        return 1 - SpecialFunctions.IncompleteBeta(nu / (nu + (t * t)), 0.5 * nu, 0.5);
    }

    /// <summary>The half-width, in units of the scale, of the central interval holding <paramref name="probability"/> in (0, 1).</summary>
    public double HalfWidth(double probability)
    {
        if (!(probability > 0 && probability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "a probability in (0, 1)");
        }

        // Bisection on the monotone CDF: 200 halvings of [0, 1e6] pin t far below float resolution.
        double low = 0, high = 1e6;
        for (var i = 0; i < 200 && high - low > 1e-12 * high; i++)
        {
            var middle = 0.5 * (low + high);
            if (Probability(middle) < probability)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return 0.5 * (low + high);
    }

    /// <summary>(t₅₀ / t₉₀)²: how small the 50 % interval is against the 90 % one, squared; the heavier the tail, the smaller.</summary>
    public double CoreRatio => IsGaussian ? GaussianCoreRatio : Math.Pow(HalfWidth(0.5) / HalfWidth(0.9), 2);

    /// <summary>The Gaussian's <see cref="CoreRatio"/>, (z₅₀ / z₉₀)²: the largest a Student-t interval has.</summary>
    public static double GaussianCoreRatio { get; } = Math.Pow(0.6744897501960817 / GaussianHalfWidth90, 2);

    /// <summary>
    /// The shape whose <see cref="CoreRatio"/> is <paramref name="ratio"/>: Gaussian at or above
    /// <see cref="GaussianCoreRatio"/> (within the table's resolution), ν just above 1 at the smallest.
    /// Interpolated in a table built once (x = 2/ν on a uniform grid over (0, 2)), so that a predictor
    /// step can call it without allocating or solving.
    /// </summary>
    public static YawShape WithCoreRatio(double ratio) => new(CoreRatios.Value.DegreesOfFreedomWith(ratio));

    /// <summary>The smallest <see cref="CoreRatio"/> <see cref="WithCoreRatio"/> gives (ν just above 1).</summary>
    public static double SmallestCoreRatio => CoreRatios.Value.Smallest;

    // x = 2/ν from 0 to 1.99 in 200 steps; each entry costs two bisections, so the table is built on first use.
    private static readonly Lazy<CoreRatioTable> CoreRatios = new(() => new CoreRatioTable(200, 1.99, GaussianCoreRatio, x => new YawShape(2 / x).CoreRatio));

    /// <summary>s / σ_ψ: the t's scale per unit of the published (Gaussian-equivalent) σ_ψ, z₉₀ / t₉₀(ν).</summary>
    public double ScalePerSigma => IsGaussian ? 1 : GaussianHalfWidth90 / HalfWidth(0.9);

    /// <summary>−ln of the density of the heading error <paramref name="error"/> under the published σ_ψ, in nats.</summary>
    public double NegativeLogLikelihood(double error, double sigma)
    {
        var s = sigma * ScalePerSigma;
        var u = error / s;
        if (IsGaussian)
        {
            return (0.5 * Math.Log(2 * Math.PI)) + Math.Log(s) + (0.5 * u * u);
        }

        var nu = DegreesOfFreedom;
        return Math.Log(s) + (0.5 * Math.Log(nu * Math.PI)) + SpecialFunctions.LogGamma(0.5 * nu) - SpecialFunctions.LogGamma(0.5 * (nu + 1))
            + (0.5 * (nu + 1) * Math.Log(1 + (u * u / nu)));
    }
}
