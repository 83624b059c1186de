using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>
/// The body-frame covariance of every pose: the vector rotation against the scalar one and against the
/// covariance written out in double, and the spreads a predictor step publishes with an online scale.
/// </summary>
public sealed class SpreadRotationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(23)]
    public void Every_Pose_Is_Rotated_Bit_For_Bit_As_The_Scalar_Rotation(int poses)
    {
        var random = new Random(poses);
        var along = Values(random, poses, 0.01, 3);
        var across = Values(random, poses, 0.01, 3);
        var angle = Values(random, poses, -Math.PI, Math.PI);
        var sin = angle.Select(MathF.Sin).ToArray();
        var cos = angle.Select(MathF.Cos).ToArray();
        var (sigmaX, sigmaY, rho) = (new float[poses], new float[poses], new float[poses]);

        SpreadRotation.Rotate(along, across, sin, cos, sigmaX, sigmaY, rho);

        for (var k = 0; k < poses; k++)
        {
            var scalar = SpreadRotation.Rotate(along[k], across[k], sin[k], cos[k]);
            Assert.Equal(scalar.SigmaX, sigmaX[k]);
            Assert.Equal(scalar.SigmaY, sigmaY[k]);
            Assert.Equal(scalar.Rho, rho[k]);

            // Σ = R·diag(a², b²)·Rᵀ, R the rotation by α, in double.
            double a2 = along[k] * along[k], b2 = across[k] * across[k], c = Math.Cos(angle[k]), s = Math.Sin(angle[k]);
            var xx = (a2 * c * c) + (b2 * s * s);
            var yy = (a2 * s * s) + (b2 * c * c);
            var xy = (a2 - b2) * s * c;
            Assert.Equal(xx, (double)sigmaX[k] * sigmaX[k], xx * 1e-4);
            Assert.Equal(yy, (double)sigmaY[k] * sigmaY[k], yy * 1e-4);
            Assert.Equal(xy, (double)rho[k] * sigmaX[k] * sigmaY[k], 1e-4 * Math.Sqrt(xx * yy));
        }
    }

    [Fact]
    public void Spans_Of_Different_Lengths_Are_Refused()
    {
        var five = new float[5];
        var four = new float[4];
        Assert.Throws<ArgumentException>(() => SpreadRotation.Rotate(five, five, five, five, five, five, four));
    }

    [Fact]
    public void The_Online_Scale_Multiplies_Each_Poses_Position_Spread_And_Not_Its_Yaw()
    {
        // 11 steps: one vector of 8 (AVX2) or two of 4 (NEON) and a tail.
        const int steps = 11;
        var config = ModelFileTests.SmallModel().Config with
        {
            HorizonSteps = steps,
            OutputScale = [.. Enumerable.Repeat(0.1f, 3 * steps)],
            PriorYawSource = PriorYawSource.Odometry,
        };
        var random = new Random(11);
        var model = new UncertaintyModel
        {
            Method = UncertaintyMethod.Heteroscedastic,
            Coefficients = [.. Enumerable.Range(0, steps * UncertaintyModel.Axes * UncertaintyModel.Inputs).Select(_ => (float)((random.NextDouble() * 1.6) - 0.8))],
            CalibrationScale = [.. Enumerable.Repeat(1f, 2 * steps)],
            BaselineSigma = [.. Enumerable.Repeat(1f, steps)],
        };
        var plain = new PoseUncertainty(config, model);
        var scaled = new PoseUncertainty(config, model);

        // A left turn: yaw grows along the path, so every chord angle differs and ρ is not zero.
        var path = new float[3 * steps];
        for (var k = 0; k < steps; k++)
        {
            (path[3 * k], path[(3 * k) + 1], path[(3 * k) + 2]) = (0.2f * (k + 1), 0.02f * (k + 1) * (k + 1), 0.15f * (k + 1));
        }

        var scale = Enumerable.Range(0, steps).Select(k => 1f + (0.5f * k)).ToArray();
        var gains = new float[steps];
        var frame = new Frame { TimestampNs = 1_000_000_000, V = 2, W = 0.3 };
        plain.Compute(in frame, path, null, config.OutputScale, gains);
        scaled.Compute(in frame, path, null, config.OutputScale, gains, scale);

        for (var k = 0; k < steps; k++)
        {
            Assert.Equal(plain.Along[k] * scale[k], scaled.Along[k]);
            Assert.Equal(plain.Cross[k] * scale[k], scaled.Cross[k]);
            Assert.Equal(plain.Yaw[k], scaled.Yaw[k]);
            Assert.Equal(plain.Rho[k], scaled.Rho[k], 1e-5f);
            Assert.Equal(plain.SigmaX[k] * scale[k], scaled.SigmaX[k], plain.SigmaX[k] * scale[k] * 1e-5f);
            Assert.Equal(plain.SigmaY[k] * scale[k], scaled.SigmaY[k], plain.SigmaY[k] * scale[k] * 1e-5f);

            var expected = SpreadRotation.Rotate(scaled.Along[k], scaled.Cross[k], MathF.Sin(0.5f * path[(3 * k) + 2]), MathF.Cos(0.5f * path[(3 * k) + 2]));
            Assert.Equal(expected.SigmaX, scaled.SigmaX[k], expected.SigmaX * 1e-5f);
            Assert.Equal(expected.Rho, scaled.Rho[k], 1e-5f);
            Assert.NotEqual(0f, scaled.Rho[k]);
        }
    }

    private static float[] Values(Random random, int count, double low, double high) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)(low + (random.NextDouble() * (high - low))))];
}
