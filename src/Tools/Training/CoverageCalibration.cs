using EdgeLstm.Predictor.Prediction;

namespace EdgeLstm.Tools.Training;

/// <summary>
/// Split-conformal style calibration of a spread: one factor c on σ so that the 50 % and 90 %
/// regions hold their coverage on held-out data. Coverage at c is the share of squared normalised
/// errors d² ≤ c²·q_p (q_p the region's χ² quantile); c minimises the summed squared miss at both
/// levels (one factor cannot fit both exactly when the errors are not Gaussian).
/// </summary>
public static class CoverageCalibration
{
    /// <summary>χ² quantiles with one degree of freedom (a yaw interval) at 50 % and 90 %.</summary>
    private const double OneDim50 = 0.454936;
    private const double OneDim90 = 2.705543;

    public static double Scale(IReadOnlyList<double> squaredDistances, int dimensions)
    {
        if (squaredDistances.Count == 0)
        {
            return 1;
        }

        var (q50, q90) = dimensions == 2 ? (GaussianRegion.Squared50, GaussianRegion.Squared90) : (OneDim50, OneDim90);
        var sorted = squaredDistances.Order().ToArray();
        var best = (Scale: 1.0, Miss: double.PositiveInfinity);

        // c from 0.2 to 10 on a log grid of 1 % steps.
        for (var c = 0.2; c <= 10; c *= 1.01)
        {
            var miss = Math.Pow(Share(sorted, c * c * q50) - 0.5, 2) + Math.Pow(Share(sorted, c * c * q90) - 0.9, 2);
            if (miss < best.Miss)
            {
                best = (c, miss);
            }
        }

        return best.Scale;
    }

    private static double Share(double[] sorted, double limit)
    {
        var index = Array.BinarySearch(sorted, limit);
        var count = index >= 0 ? index + 1 : ~index;
        return (double)count / sorted.Length;
    }
}
