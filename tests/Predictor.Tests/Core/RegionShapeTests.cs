using EdgeLstm.Predictor.Model;

namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>
/// The Student-t position regions against independent references: Monte-Carlo draws of a bivariate t
/// (a Gaussian divided by √(χ²_ν / ν)), a numerical integral of the density, and the Gaussian limit.
/// </summary>
public sealed class RegionShapeTests
{
    [Theory]
    [InlineData(1.25)]
    [InlineData(3.0)]
    [InlineData(5.0)]
    [InlineData(double.PositiveInfinity)]
    public void Regions_Hold_Their_Probability_For_Draws_Of_The_Distribution(double nu)
    {
        var shape = new RegionShape(nu);
        var random = new Random(7);
        const int Draws = 200_000;
        const double SigmaX = 0.3, SigmaY = 0.1, Rho = 0.6;
        var inside50 = 0;
        var inside90 = 0;
        for (var i = 0; i < Draws; i++)
        {
            // Correlated Gaussian (Cholesky of Σ), then the t's common scale 1/√(w/ν), w ~ χ²_ν.
            var (z1, z2) = (Normal(random), Normal(random));
            var ex = SigmaX * z1;
            var ey = SigmaY * ((Rho * z1) + (Math.Sqrt(1 - (Rho * Rho)) * z2));
            if (!double.IsPositiveInfinity(nu))
            {
                var scale = 1 / Math.Sqrt(ChiSquared(random, nu) / nu);
                (ex, ey) = (ex * scale, ey * scale);
            }

            var d2 = RegionShape.SquaredDistance(ex, ey, SigmaX, SigmaY, Rho);
            inside50 += d2 <= shape.SquaredRadius(0.5) ? 1 : 0;
            inside90 += d2 <= shape.SquaredRadius(0.9) ? 1 : 0;
        }

        Assert.Equal(0.5, inside50 / (double)Draws, 2);
        Assert.Equal(0.9, inside90 / (double)Draws, 2);
    }

    [Theory]
    [InlineData(1.25)]
    [InlineData(2.1)]
    [InlineData(4.0)]
    [InlineData(30.0)]
    public void Density_Integrates_To_One_And_To_p_Over_The_p_Region(double nu)
    {
        var shape = new RegionShape(nu);
        var radii = new[] { 0.1, 0.5, 0.9, 0.99 }.Select(p => (Probability: p, Radius: Math.Sqrt(shape.SquaredRadius(p)))).ToArray();
        var inside = new double[radii.Length];

        // ∫∫ f = ∫ f(r)·2πr dr with Σ = I, on r = tan(u) to reach the heavy tail (midpoints in u).
        double integral = 0;
        const int Slices = 200_000;
        const double Du = Math.PI / 2 / Slices;
        for (var i = 0; i < Slices; i++)
        {
            var u = (i + 0.5) * Du;
            var r = Math.Tan(u);
            var mass = Math.Exp(-shape.NegativeLogLikelihood(r, 0, 1, 1, 0)) * 2 * Math.PI * r / (Math.Cos(u) * Math.Cos(u)) * Du;
            integral += mass;
            for (var j = 0; j < radii.Length; j++)
            {
                inside[j] += r <= radii[j].Radius ? mass : 0;
            }
        }

        Assert.Equal(1.0, integral, 3);
        for (var j = 0; j < radii.Length; j++)
        {
            Assert.Equal(radii[j].Probability, inside[j], 3);
        }
    }

    [Fact]
    public void Heavy_Tails_Shrink_The_50_Percent_Region_Against_The_90_And_Many_Degrees_Of_Freedom_Are_Gaussian()
    {
        var t3 = new RegionShape(3);
        var gaussian = RegionShape.Gaussian;

        // r²₅₀ / r²₉₀: 0.301 for the Gaussian, 0.161 for ν = 3.
        Assert.Equal(0.301, gaussian.SquaredRadius(0.5) / gaussian.SquaredRadius(0.9), 3);
        Assert.Equal(0.161, t3.SquaredRadius(0.5) / t3.SquaredRadius(0.9), 3);
        Assert.Equal(2 * Math.Log(10), gaussian.SquaredRadius(0.9), 12);
        Assert.Equal(gaussian.SquaredRadius(0.9), new RegionShape(1e6).SquaredRadius(0.9), 4);
        Assert.Equal(gaussian.NegativeLogLikelihood(0.2, -0.1, 0.3, 0.2, 0.1), new RegionShape(1e6).NegativeLogLikelihood(0.2, -0.1, 0.3, 0.2, 0.1), 4);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(4.0)]
    [InlineData(double.PositiveInfinity)]
    public void The_Level_Of_A_Point_Is_The_Share_Of_Draws_Inside_It(double nu)
    {
        // Probability(d²) is the CDF of D²: a draw's level is uniform on (0, 1), so the share of draws
        // with level at most p is p; and the level of r²_p is p itself.
        var shape = new RegionShape(nu);
        var random = new Random(11);
        const int Draws = 100_000;
        var levels = new double[Draws];
        for (var i = 0; i < Draws; i++)
        {
            var (ex, ey) = (Normal(random), Normal(random));
            if (!double.IsPositiveInfinity(nu))
            {
                var scale = 1 / Math.Sqrt(ChiSquared(random, nu) / nu);
                (ex, ey) = (ex * scale, ey * scale);
            }

            levels[i] = shape.Probability(RegionShape.SquaredDistance(ex, ey, 1, 1, 0));
        }

        foreach (var p in new[] { 0.1, 0.5, 0.9 })
        {
            Assert.InRange(levels.Count(level => level <= p) / (double)Draws, p - 0.006, p + 0.006);
            Assert.Equal(p, shape.Probability(shape.SquaredRadius(p)), 9);
        }
    }

    [Theory]
    [InlineData(1.05)]
    [InlineData(1.5)]
    [InlineData(2.5)]
    [InlineData(6.0)]
    [InlineData(40.0)]
    public void The_Shape_With_A_Given_Core_Ratio_Is_The_One_That_Has_It(double nu)
    {
        // WithCoreRatio interpolates a table; the ratio r²₅₀ / r²₉₀ it is asked for comes from the
        // closed-form radii, so the round trip checks the table against them.
        var shape = new RegionShape(nu);
        var found = RegionShape.WithCoreRatio(shape.CoreRatio);

        Assert.Equal(nu, found.DegreesOfFreedom, nu * 2e-4);
        Assert.Equal(shape.CoreRatio, found.CoreRatio, 5);
    }

    [Fact]
    public void A_Core_Ratio_At_The_Gaussians_Or_Above_Is_Gaussian_And_One_Below_Any_t_Is_Nearly_Cauchy()
    {
        Assert.Equal(Math.Log(2) / Math.Log(10), RegionShape.GaussianCoreRatio, 12);
        Assert.Equal(RegionShape.GaussianCoreRatio, RegionShape.Gaussian.CoreRatio, 12);
        Assert.True(RegionShape.WithCoreRatio(RegionShape.GaussianCoreRatio).IsGaussian);
        Assert.True(RegionShape.WithCoreRatio(0.5).IsGaussian);
        Assert.True(RegionShape.WithCoreRatio(new RegionShape(1000).CoreRatio).IsGaussian, "ν above the table's last finite entry (400) counts as Gaussian");
        Assert.InRange(RegionShape.WithCoreRatio(0.01).DegreesOfFreedom, 1.0, 1.01);
        Assert.InRange(RegionShape.WithCoreRatio(3.0 / 99).DegreesOfFreedom, 1.0, 1.01);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    public void Too_Few_Degrees_Of_Freedom_Are_Refused(double nu) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegionShape(nu));

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    // χ²_ν = 2·Gamma(ν/2), Gamma by Marsaglia and Tsang (shape ≥ 1; ν/2 < 1 is boosted by U^(1/a)).
    private static double ChiSquared(Random random, double nu)
    {
        var a = nu / 2;
        var boost = 1.0;
        if (a < 1)
        {
            boost = Math.Pow(random.NextDouble(), 1 / a);
            a += 1;
        }

        var d = a - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            var x = Normal(random);
            var v = Math.Pow(1 + (c * x), 3);
            if (v > 0 && Math.Log(1 - random.NextDouble()) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return 2 * d * v * boost;
            }
        }
    }
}
