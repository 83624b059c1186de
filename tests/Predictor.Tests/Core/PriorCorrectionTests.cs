using EdgeLstm.Predictor.Prediction;

namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>
/// The guard's correction of the prior: recovers a known gain, curvature scale, rotation and share of
/// the constant-turn path from matured poses, keeps the uncorrected prior without evidence, holds the
/// gain and the share in [0, 1] and refits the rest when one is held, and its path is the formula of
/// the class comment.
/// </summary>
public sealed class PriorCorrectionTests
{
    // Truth t = p + g·r + β·(0, p_y) + γ·(−p_y, p_x) + δ·(c − p), p, r and c − p drawn at random
    // (c = p when the constant-turn path is left out: it then has no power).
    private static PriorCorrection Fed(double g, double beta, double gamma, double delta = 0, int poses = 2000, int seed = 1, bool withConstantTurn = true)
    {
        var random = new Random(seed);
        var correction = new PriorCorrection(horizonSteps: 1);
        for (var i = 0; i < poses; i++)
        {
            var px = 0.5 + (1.5 * random.NextDouble());
            var py = random.NextDouble() - 0.5;
            var rx = 0.2 * (random.NextDouble() - 0.5);
            var ry = 0.2 * (random.NextDouble() - 0.5);
            var dx = withConstantTurn ? 0.1 * (random.NextDouble() - 0.5) : 0;
            var dy = withConstantTurn ? 0.3 * (random.NextDouble() - 0.5) : 0;
            var tx = px + (g * rx) - (gamma * py) + (delta * dx);
            var ty = py + (g * ry) + (beta * py) + (gamma * px) + (delta * dy);
            correction.Observe(0, decay: 1, ex: px - tx, ey: py - ty, rx, ry, px, py, cx: px + dx, cy: py + dy);
        }

        return correction;
    }

    [Fact]
    public void Recovers_A_Known_Gain_And_Correction()
    {
        var correction = Fed(g: 0.7, beta: -0.2, gamma: 0.05);

        // n₀ of two observations against 2000: the fit is within a few thousandths of the truth.
        var gain = correction.Solve(0, gainPrior: 2, correctionPrior: 2);

        Assert.Equal(0.7, gain, 0.005);
        Assert.Equal(-0.2, correction.CurvatureScale(0), 0.005);
        Assert.Equal(0.05, correction.Rotation(0), 0.005);
    }

    [Fact]
    public void Without_Evidence_The_Path_Is_The_Prior_Plus_The_Full_Residual()
    {
        var correction = new PriorCorrection(horizonSteps: 3);

        var gain = correction.Solve(2, 2, 2);
        var (x, y) = correction.Apply(2, (float)gain, px: 1.5f, py: 0.3f, rx: 0.1f, ry: -0.2f, cx: 1.4f, cy: 0.9f);

        Assert.Equal(1, gain);
        Assert.Equal(1.6f, x, 6);
        Assert.Equal(0.1f, y, 6);
    }

    [Fact]
    public void A_Strong_Prior_Keeps_The_Correction_Small()
    {
        var weak = Fed(g: 1, beta: 0, gamma: 0.2);
        var strong = Fed(g: 1, beta: 0, gamma: 0.2);
        weak.Solve(0, 2, 2);
        strong.Solve(0, 2, correctionPrior: 2000);

        // Ridge towards 0 with as many pseudo-observations as observations: about half of γ.
        Assert.Equal(0.2, weak.Rotation(0), 0.005);
        Assert.InRange(strong.Rotation(0), 0.08, 0.12);
    }

    [Fact]
    public void A_Gain_Above_One_Is_Held_At_One_And_The_Rest_Refitted()
    {
        var correction = Fed(g: 1.6, beta: 0.3, gamma: 0.1);

        var gain = correction.Solve(0, 2, 2);

        // r is drawn independently of p, so with g held at 1 the correction is still the one that made the truth.
        Assert.Equal(1, gain);
        Assert.Equal(0.3, correction.CurvatureScale(0), 0.01);
        Assert.Equal(0.1, correction.Rotation(0), 0.01);
    }

    [Fact]
    public void Recovers_A_Known_Share_Of_The_Constant_Turn_Path()
    {
        var correction = Fed(g: 0.6, beta: 0.1, gamma: -0.05, delta: 0.7);

        var gain = correction.Solve(0, gainPrior: 2, correctionPrior: 2);

        Assert.Equal(0.6, gain, 0.005);
        Assert.Equal(0.1, correction.CurvatureScale(0), 0.005);
        Assert.Equal(-0.05, correction.Rotation(0), 0.005);
        Assert.Equal(0.7, correction.ConstantTurnShare(0), 0.005);
    }

    [Theory]
    [InlineData(1.6, 1.0)]
    [InlineData(-0.5, 0.0)]
    public void A_Share_Outside_Zero_To_One_Is_Held_At_The_Bound_And_The_Rest_Refitted(double delta, double held)
    {
        var correction = Fed(g: 0.8, beta: 0.2, gamma: 0.05, delta: delta);

        var gain = correction.Solve(0, 2, 2);

        // c − p is drawn independently of p and r, so with δ held the others are still the truth's.
        Assert.Equal(held, correction.ConstantTurnShare(0));
        Assert.Equal(0.8, gain, 0.01);
        Assert.Equal(0.2, correction.CurvatureScale(0), 0.01);
        Assert.Equal(0.05, correction.Rotation(0), 0.01);
    }

    [Fact]
    public void Without_A_Constant_Turn_Path_Apart_From_The_Prior_The_Share_Stays_Zero()
    {
        var correction = Fed(g: 0.7, beta: -0.2, gamma: 0.05, withConstantTurn: false);

        var gain = correction.Solve(0, 2, 2);

        Assert.Equal(0, correction.ConstantTurnShare(0));
        Assert.Equal(0.7, gain, 0.005);
        Assert.Equal(-0.2, correction.CurvatureScale(0), 0.005);
        Assert.Equal(0.05, correction.Rotation(0), 0.005);
    }

    [Fact]
    public void A_Residual_That_Only_Hurts_Gets_Gain_Zero()
    {
        var correction = Fed(g: -0.8, beta: 0, gamma: 0);

        Assert.Equal(0, correction.Solve(0, 2, 2));
    }

    [Fact]
    public void The_Correction_Is_Limited()
    {
        var correction = Fed(g: 1, beta: -4, gamma: 2);

        correction.Solve(0, 2, 2);

        Assert.Equal(-PriorCorrection.Limit, correction.CurvatureScale(0));
        Assert.Equal(PriorCorrection.Limit, correction.Rotation(0));
    }

    [Fact]
    public void The_Path_Is_The_Formula()
    {
        var correction = Fed(g: 0.5, beta: 0.2, gamma: -0.1, delta: 0.4);
        var g = (float)correction.Solve(0, 2, 2);
        float px = 1.2f, py = -0.4f, rx = 0.05f, ry = 0.1f, cx = 1.1f, cy = -0.9f;

        var (x, y) = correction.Apply(0, g, px, py, rx, ry, cx, cy);

        var beta = (float)correction.CurvatureScale(0);
        var gamma = (float)correction.Rotation(0);
        var delta = (float)correction.ConstantTurnShare(0);
        Assert.Equal(px + (g * rx) - (gamma * py) + (delta * (cx - px)), x, 6);
        Assert.Equal(py + (g * ry) + (beta * py) + (gamma * px) + (delta * (cy - py)), y, 6);

        // The same with the fitted values written out: 1.2 + 0.5·0.05 − (−0.1)(−0.4) + 0.4(−0.1),
        // −0.4 + 0.05 + 0.2(−0.4) − 0.1·1.2 + 0.4(−0.5).
        Assert.InRange(x, 1.14f, 1.15f);
        Assert.InRange(y, -0.755f, -0.745f);
    }

    [Fact]
    public void Reset_Forgets_The_Evidence()
    {
        var correction = Fed(g: 0.5, beta: 0.3, gamma: 0);
        correction.Solve(0, 2, 2);

        correction.Reset();

        Assert.Equal(0, correction.CurvatureScale(0));
        Assert.Equal(1, correction.Solve(0, 2, 2));
    }
}
