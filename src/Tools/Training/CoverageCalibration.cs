using EdgeLstm.Predictor.Model;

namespace EdgeLstm.Tools.Training;

/// <summary>
/// Split-conformal style calibration of a spread on held-out data: per horizon step one factor c on σ,
/// and for the 2-D position regions a shape ν per step (<see cref="RegionShape"/>), so that the 50 %
/// and 90 % regions both hold their coverage. Coverage at (c, ν) is the share of squared normalised
/// errors d² ≤ c²·r²_p(ν); (c, ν) minimise the summed squared miss at both levels. A Gaussian (ν = ∞)
/// fits both levels only when the errors are Gaussian; the errors of a path a driver is about to
/// change are heavier-tailed, and more so the further ahead: with one ν for all steps, fitted on a
/// simulated run, the 50 % region held 50 % of that run's positions 0.5 s ahead but 61 % at 1 s.
/// </summary>
public static class CoverageCalibration
{
    /// <summary>
    /// The shapes tried, heaviest tail first; a lighter tail wins a tie. Below ν = 2 (no finite variance):
    /// on held-out simulated runs the network's errors are mostly tiny with a rare large one (a command
    /// change), and with the grid stopping at 2.1 the fit sat at its end with the 50 % region too wide.
    /// </summary>
    private static readonly double[] DegreesOfFreedom = [1.1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, double.PositiveInfinity];

    /// <summary>Each step's position region shape, from that step's squared normalised errors.</summary>
    public static RegionShape[] FitShapes(IReadOnlyList<IReadOnlyList<double>> squaredDistancesPerStep) =>
        [.. squaredDistancesPerStep.Select(d => FitShape(Sorted(d)))];

    /// <summary>Each step's heading interval shape, from that step's squared normalised heading errors.</summary>
    public static YawShape[] FitYawShapes(IReadOnlyList<IReadOnlyList<double>> squaredErrorsPerStep) =>
        [.. squaredErrorsPerStep.Select(d => FitYawShape(Sorted(d)))];

    /// <summary>
    /// Each step's factor on the published heading σ for intervals of that step's shape: the t's scale
    /// that holds 50 % and 90 % best, times t₉₀(ν) / z₉₀, the published σ being the Gaussian's with the
    /// same 90 % interval (<see cref="YawShape"/>).
    /// </summary>
    public static double[] YawScales(IReadOnlyList<IReadOnlyList<double>> squaredErrorsPerStep, IReadOnlyList<YawShape> shapes) =>
        [.. squaredErrorsPerStep.Select((d, k) => Best(Sorted(d), Square(shapes[k].HalfWidth(0.5)), Square(shapes[k].HalfWidth(0.9))).Scale / shapes[k].ScalePerSigma)];

    /// <summary>Each step's factor for regions of that step's shape.</summary>
    public static double[] PositionScales(IReadOnlyList<IReadOnlyList<double>> squaredDistancesPerStep, IReadOnlyList<RegionShape> shapes) =>
        [.. squaredDistancesPerStep.Select((d, k) => Best(Sorted(d), shapes[k].SquaredRadius(0.5), shapes[k].SquaredRadius(0.9)).Scale)];

    private static RegionShape FitShape(double[] sorted) =>
        new(BestDegreesOfFreedom(sorted, nu => (new RegionShape(nu).SquaredRadius(0.5), new RegionShape(nu).SquaredRadius(0.9))));

    private static YawShape FitYawShape(double[] sorted) =>
        new(BestDegreesOfFreedom(sorted, nu => (Square(new YawShape(nu).HalfWidth(0.5)), Square(new YawShape(nu).HalfWidth(0.9)))));

    // The ν whose best factor misses the two levels least, given where the shape's 50 % and 90 % regions
    // end in squared normalised distance; a lighter tail wins a tie.
    private static double BestDegreesOfFreedom(double[] sorted, Func<double, (double Q50, double Q90)> squaredRadii)
    {
        var best = (DegreesOfFreedom: double.PositiveInfinity, Miss: double.PositiveInfinity);
        foreach (var nu in DegreesOfFreedom)
        {
            var (q50, q90) = squaredRadii(nu);
            var miss = Best(sorted, q50, q90).Miss;
            if (miss <= best.Miss)
            {
                best = (nu, miss);
            }
        }

        return best.DegreesOfFreedom;
    }

    private static double Square(double x) => x * x;

    private static double[] Sorted(IReadOnlyList<double> values) => [.. values.Order()];

    // c from 0.2 to 10 on a log grid of 1 % steps; with no data, 1 and no miss.
    private static (double Scale, double Miss) Best(double[] sorted, double q50, double q90)
    {
        if (sorted.Length == 0)
        {
            return (1, 0);
        }

        var best = (Scale: 1.0, Miss: double.PositiveInfinity);
        for (var c = 0.2; c <= 10; c *= 1.01)
        {
            var miss = Math.Pow(Share(sorted, c * c * q50) - 0.5, 2) + Math.Pow(Share(sorted, c * c * q90) - 0.9, 2);
            if (miss < best.Miss)
            {
                best = (c, miss);
            }
        }

        return best;
    }

    private static double Share(double[] sorted, double limit)
    {
        var index = Array.BinarySearch(sorted, limit);
        var count = index >= 0 ? index + 1 : ~index;
        return (double)count / sorted.Length;
    }
}
