namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// A pose's along-track and cross-track spreads as a covariance in another frame (the body, or the
/// odometry frame the payload uses). Regions and likelihoods of a spread are <see cref="Model.RegionShape"/>'s.
/// </summary>
public static class SpreadRotation
{
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
}
