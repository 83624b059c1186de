using EdgeLstm.Predictor.Model;

namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// Regions of a 2-D Gaussian: the ellipse {e : eᵀΣ⁻¹e ≤ r²} holds probability p when
/// r² = −2·ln(1 − p) (the χ² quantile with two degrees of freedom, in closed form).
/// </summary>
public static class GaussianRegion
{
    /// <summary>r² of the 50 % ellipse: 2·ln 2 ≈ 1.386.</summary>
    public static readonly double Squared50 = SquaredRadius(0.5);

    /// <summary>r² of the 90 % ellipse: 2·ln 10 ≈ 4.605.</summary>
    public static readonly double Squared90 = SquaredRadius(0.9);

    /// <summary>r² = −2·ln(1 − p) for a probability p in (0, 1).</summary>
    public static double SquaredRadius(double probability) => -2 * Math.Log(1 - probability);

    /// <summary>
    /// The covariance of spreads a (along the angle α) and b (across it), in the axes the angle is
    /// measured from: Σxx = a²cos²α + b²sin²α, Σyy = a²sin²α + b²cos²α, Σxy = (a² − b²)·sinα·cosα;
    /// returned as σx, σy and ρ = Σxy / (σx·σy).
    /// </summary>
    public static (float SigmaX, float SigmaY, float Rho) Rotate(float along, float across, float sin, float cos)
    {
        var a2 = along * along;
        var b2 = across * across;
        var xx = (a2 * cos * cos) + (b2 * sin * sin);
        var yy = (a2 * sin * sin) + (b2 * cos * cos);
        var xy = (a2 - b2) * sin * cos;
        var sx = MathF.Sqrt(xx);
        var sy = MathF.Sqrt(yy);
        return (sx, sy, xy / (sx * sy));
    }

    /// <summary>The squared Mahalanobis distance of (ex, ey) under (σx, σy, ρ).</summary>
    public static double SquaredDistance(double ex, double ey, double sigmaX, double sigmaY, double rho) =>
        RegionShape.SquaredDistance(ex, ey, sigmaX, sigmaY, rho);

    /// <summary>−ln of the 2-D Gaussian density of (ex, ey) under (σx, σy, ρ), in nats.</summary>
    public static double NegativeLogLikelihood(double ex, double ey, double sigmaX, double sigmaY, double rho) =>
        RegionShape.Gaussian.NegativeLogLikelihood(ex, ey, sigmaX, sigmaY, rho);
}
