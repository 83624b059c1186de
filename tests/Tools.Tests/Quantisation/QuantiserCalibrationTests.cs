using EdgeLstm.Predictor.Tests.Quantisation;
using EdgeLstm.Sensors.Frames;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Quantising;

namespace EdgeLstm.Tools.Tests.Quantisation;

public sealed class QuantiserCalibrationTests
{
    [Fact]
    public void A_Calibration_Set_Without_Frames_Is_Refused_With_A_Clear_Message()
    {
        var model = RandomModels.Create(32, seed: 1);
        var empty = new Recording("empty.csv", [], [], [], false, model.Config.HorizonSteps);
        var e = Assert.Throws<ArgumentException>(() => Quantiser.Calibrate(model, [empty]));
        Assert.Contains("none of the 1 file(s) yields a usable frame", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Quantiser.Calibrate(model, []));
    }

    [Fact]
    public void Frames_Without_Any_Sensor_Value_Are_Not_Usable()
    {
        // A file with ground truth only: the frames carry no IMU or odometry value at all.
        var model = RandomModels.Create(32, seed: 3);
        var frames = Enumerable.Range(0, 10).Select(i => new Frame { Index = i, TimestampNs = i * 20_000_000L, Quality = FrameQuality.ImuGap | FrameQuality.OdometryGap }).ToArray();
        var groundTruthOnly = new Recording("ground-truth-only.csv", frames, new float[frames.Length * model.Config.OutputSize], new int[frames.Length], true, model.Config.HorizonSteps);
        var e = Assert.Throws<ArgumentException>(() => Quantiser.Calibrate(model, [groundTruthOnly]));
        Assert.Contains("10 frame(s) without IMU or odometry data", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calibration_Bounds_Each_Feature_By_Its_Own_Largest_Value_By_Default_And_By_A_Percentile_On_Request()
    {
        var model = RandomModels.Create(32, seed: 2);
        var frames = new Frame[1000];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = new Frame { Index = i, TimestampNs = i * 20_000_000L, V = i == 500 ? 50.0 : 1.0 };
        }

        var recording = new Recording("synthetic", frames, new float[frames.Length * model.Config.OutputSize], new int[frames.Length], false, model.Config.HorizonSteps);

        // Feature v has mean 0 and std 1 in the random model, so the spike normalises to 50; every other
        // feature stays far below it and keeps its own, smaller bound.
        var full = Quantiser.Calibrate(model, [recording]);
        Assert.Equal(1000, full.Frames);
        Assert.Equal(50f, full.MaxAbs);
        Assert.Equal(50f, full.Bound);
        Assert.Equal(50f / 127, full.InputScale);
        Assert.Equal(0, full.ClippedFraction);
        Assert.Equal(50f, full.FeatureBounds[0]);
        Assert.Equal(full.FeatureMaxAbs, full.FeatureBounds);
        Assert.All(full.FeatureBounds.Skip(1), b => Assert.True(b < 50f, $"bound {b}"));

        // One value in 1000 frames: the 99th percentile of v leaves it out.
        var clipped = Quantiser.Calibrate(model, [recording], percentile: 99);
        Assert.True(clipped.Bound < 50f);
        Assert.True(clipped.ClippedFraction > 0);
        Assert.Equal(1f, clipped.FeatureBounds[0]);
        Assert.True(clipped.FeatureClippedFraction > 0);
    }
}
