using EdgeLstm.Predictor.Model;
using EdgeLstm.Tools.Training;

namespace EdgeLstm.Tools.Tests.Core;

/// <summary>
/// The augmentation maps a raw feature x to c·x through its normalised value, and the residual's
/// x, y and yaw by the same physics: speed a on v, ax and every length; turn rate b on w, gx, gz, on
/// ay (v·ω, so a·b) and on the lateral offset and yaw; a mirror negates every turn quantity.
/// </summary>
public sealed class SegmentAugmentationTests
{
    private static readonly string[] Names = ["v", "w", "gz", "ax", "ay", "gap"];

    private static ModelConfig Config() => new()
    {
        Name = "augmentation-test",
        HiddenSize = 4,
        HorizonSteps = 2,
        Features = [.. Names.Select((name, i) => new FeatureSpec(name, 0.5f + i, 2f))],
        OutputScale = [.. Enumerable.Repeat(1f, 6)],
    };

    [Theory]
    [InlineData(false, 0.0, 0.3)]
    [InlineData(false, 0.15, 0.3)]
    [InlineData(true, 0.15, 0.3)]
    public void Every_Feature_And_Residual_Scales_By_Its_Physical_Factor(bool mirror, double speedAugment, double turnAugment)
    {
        var config = Config();
        var augmentation = new SegmentAugmentation(config);

        // The factors drawn, read back from v (a) and from the yaw residual (±b).
        var raw = new float[] { 1.5f, 0.8f, -0.4f, 2.0f, 3.0f, 0.02f };
        var normalised = raw.Select((x, i) => (x - config.Features[i].Mean) / config.Features[i].Std).ToArray();
        for (var seed = 0; seed < 20; seed++)
        {
            augmentation.Draw(new Random(seed), mirror, speedAugment, turnAugment);
            var residual = new float[] { 1, 1, 1, 1, 1, 1 };
            augmentation.Residuals(residual);
            var inputs = (float[])normalised.Clone();
            augmentation.Inputs(inputs);
            var back = inputs.Select((x, i) => (x * config.Features[i].Std) + config.Features[i].Mean).ToArray();

            var a = back[0] / raw[0];
            var turn = residual[2];
            Assert.InRange(a, 1 - speedAugment - 1e-4, 1 + speedAugment + 1e-4);
            Assert.InRange(Math.Abs(turn), 1 - turnAugment - 1e-4, 1 + turnAugment + 1e-4);
            Assert.True(mirror || turn > 0, "no mirror, no sign change");
            Assert.Equal(raw[1] * turn, back[1], 4);
            Assert.Equal(raw[2] * turn, back[2], 4);
            Assert.Equal(raw[3] * a, back[3], 4);
            Assert.Equal(raw[4] * a * turn, back[4], 4);
            Assert.Equal(raw[5], back[5], 5);
            Assert.Equal([a, a * turn, turn, a, a * turn, turn], residual.Select(r => r).ToArray(), new ToleranceComparer(1e-5f));
        }
    }

    [Fact]
    public void Turn_Augmentation_Draws_Factors_Across_Its_Whole_Range()
    {
        var augmentation = new SegmentAugmentation(Config());
        var factors = new List<float>();
        for (var seed = 0; seed < 200; seed++)
        {
            augmentation.Draw(new Random(seed), mirror: false, speedAugment: 0, turnAugment: 0.3);
            var residual = new float[] { 1, 1, 1, 1, 1, 1 };
            augmentation.Residuals(residual);
            factors.Add(residual[2]);
        }

        Assert.InRange(factors.Min(), 0.7f, 0.75f);
        Assert.InRange(factors.Max(), 1.25f, 1.3f);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
