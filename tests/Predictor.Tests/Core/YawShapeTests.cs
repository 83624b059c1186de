using EdgeLstm.Predictor.Model;

namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>
/// The Student-t heading intervals against references that share none of its code: Simpson integrals of
/// the unnormalised density (over θ with x = tan θ, so the heavy tails integrate to ±∞), the closed form
/// at ν = 2, and published quantiles of the t distribution.
/// </summary>
public sealed class YawShapeTests
{
    [Theory]
    [InlineData(1.5, 0.5)]
    [InlineData(1.5, 2.5)]
    [InlineData(3.0, 1.0)]
    [InlineData(10.0, 0.3)]
    [InlineData(10.0, 2.0)]
    [InlineData(double.PositiveInfinity, 0.674)]
    [InlineData(double.PositiveInfinity, 1.645)]
    public void The_Interval_Probability_Is_The_Integral_Of_The_Density(double nu, double halfWidth)
    {
        var shape = new YawShape(nu);

        var expected = Integral(nu, Math.Atan(halfWidth)) / Integral(nu, Math.PI / 2);

        Assert.Equal(expected, shape.Probability(halfWidth), 1e-6);
        Assert.Equal(expected, shape.Probability(-halfWidth), 1e-6);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void At_Two_Degrees_Of_Freedom_The_Half_Width_Has_Its_Closed_Form(double p)
    {
        // P(|T| ≤ t) = t / √(2 + t²) for ν = 2, so t = p·√(2 / (1 − p²)).
        Assert.Equal(p * Math.Sqrt(2 / (1 - (p * p))), new YawShape(2).HalfWidth(p), 1e-6);
    }

    [Theory]
    [InlineData(3.0, 0.5, 0.764892)]
    [InlineData(3.0, 0.9, 2.353363)]
    [InlineData(5.0, 0.9, 2.015048)]
    [InlineData(30.0, 0.9, 1.697261)]
    [InlineData(double.PositiveInfinity, 0.5, 0.674490)]
    [InlineData(double.PositiveInfinity, 0.9, 1.644854)]
    [InlineData(double.PositiveInfinity, 0.99, 2.575829)]
    public void Half_Widths_Match_Published_Quantiles(double nu, double p, double expected)
    {
        Assert.Equal(expected, new YawShape(nu).HalfWidth(p), 5e-6);
    }

    [Theory]
    [InlineData(1.25)]
    [InlineData(2.5)]
    [InlineData(8.0)]
    [InlineData(double.PositiveInfinity)]
    public void The_Published_Sigma_Holds_The_Gaussian_Ninety_Percent_Interval(double nu)
    {
        var shape = new YawShape(nu);

        // ±1.645 σ_ψ is the 90 % interval whatever ν: s = σ_ψ·z₉₀ / t₉₀, so e = 1.645 σ_ψ is u = e / s = t₉₀.
        Assert.Equal(0.9, shape.Probability(YawShape.GaussianHalfWidth90 / shape.ScalePerSigma), 1e-6);
        Assert.True(nu == double.PositiveInfinity || shape.ScalePerSigma < 1, "a heavier tail has a smaller scale for the same 90 % interval");
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(4.0)]
    [InlineData(double.PositiveInfinity)]
    public void The_Density_Integrates_To_One_And_Is_The_Gaussian_In_The_Limit(double nu)
    {
        var shape = new YawShape(nu);
        const double Sigma = 0.2;

        // ∫ f(e) de over the real line, e = tan θ.
        const int Panels = 200_000;
        var h = Math.PI / Panels;
        double F(double theta)
        {
            var e = Math.Tan(theta);
            return Math.Exp(-shape.NegativeLogLikelihood(e, Sigma)) / (Math.Cos(theta) * Math.Cos(theta));
        }

        var sum = 0.0;
        for (var i = 1; i < Panels; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * F((-Math.PI / 2) + (i * h));
        }

        Assert.Equal(1, sum * h / 3, 1e-4);
        if (double.IsPositiveInfinity(nu))
        {
            Assert.Equal((0.5 * Math.Log(2 * Math.PI)) + Math.Log(Sigma) + 0.5, shape.NegativeLogLikelihood(Sigma, Sigma), 1e-12);
        }
    }

    [Theory]
    [InlineData(3.0, 0.764892, 2.353363)]
    [InlineData(5.0, 0.726687, 2.015048)]
    [InlineData(double.PositiveInfinity, 0.674490, 1.644854)]
    public void The_Core_Ratio_Is_The_Squared_Ratio_Of_Published_Half_Widths(double nu, double t50, double t90)
    {
        Assert.Equal(Math.Pow(t50 / t90, 2), new YawShape(nu).CoreRatio, 1e-5);
    }

    [Theory]
    [InlineData(1.05)]
    [InlineData(1.5)]
    [InlineData(3.0)]
    [InlineData(12.0)]
    [InlineData(60.0)]
    public void The_Shape_With_A_Core_Ratio_Is_The_One_That_Has_It(double nu)
    {
        // The table is interpolated in 2/ν: the round trip lands within a fraction of a percent in the ratio.
        var ratio = new YawShape(nu).CoreRatio;
        var found = YawShape.WithCoreRatio(ratio);

        Assert.Equal(ratio, found.CoreRatio, 2e-4);
        Assert.Equal(nu, found.DegreesOfFreedom, nu * 0.02);
    }

    [Fact]
    public void Core_Ratios_Beyond_The_Table_Give_Its_Ends()
    {
        Assert.True(YawShape.WithCoreRatio(YawShape.GaussianCoreRatio).IsGaussian);
        Assert.True(YawShape.WithCoreRatio(1).IsGaussian);
        Assert.True(YawShape.WithCoreRatio(0).DegreesOfFreedom is > 1 and < 1.01);
        Assert.True(YawShape.SmallestCoreRatio < new YawShape(1.01).CoreRatio);
        Assert.True(new YawShape(1.5).CoreRatio < new YawShape(3).CoreRatio, "the heavier the tail, the smaller the 50 % interval against the 90 % one");
    }

    [Fact]
    public void Degrees_Of_Freedom_At_Or_Below_One_Are_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new YawShape(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new YawShape(double.NaN));
    }

    // ∫ (1 + x²/ν)^(−(ν+1)/2) dx over [−tan a, tan a] as ∫ over θ in [−a, a] with x = tan θ (Simpson, 100,000 panels).
    private static double Integral(double nu, double a)
    {
        const int Panels = 100_000;
        var h = 2 * a / Panels;
        double G(double theta)
        {
            var x = Math.Tan(theta);
            var density = double.IsPositiveInfinity(nu) ? Math.Exp(-0.5 * x * x) : Math.Pow(1 + (x * x / nu), -(nu + 1) / 2);
            return density / (Math.Cos(theta) * Math.Cos(theta));
        }

        var sum = G(-a) + G(a);
        for (var i = 1; i < Panels; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * G(-a + (i * h));
        }

        return sum * h / 3;
    }
}
