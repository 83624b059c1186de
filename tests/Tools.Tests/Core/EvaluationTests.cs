using EdgeLstm.Tests.Shared;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Evaluation;

namespace EdgeLstm.Tools.Tests.Core;

public sealed class EvaluationTests
{
    // The reference errors from ../shared/data/real/README.md, computed independently of this project.
    // The reference interpolates the ground truth across its gaps (ds2 has one of 27.8 s), so the
    // comparison bridges them too; by default evaluation leaves such anchors out.
    [Theory]
    [InlineData("f1tenth-ds1.csv", 1.397, 1.336, 3.701, 4.088)]
    [InlineData("f1tenth-ds2.csv", 0.570, 0.627, 1.331, 2.005)]
    [InlineData("f1tenth-ds3.csv", 0.329, 0.324, 0.681, 1.125)]
    public void Baselines_Agree_With_The_Published_Reference_Within_5_Percent(string file, double cv1, double ctrv1, double cv2, double ctrv2)
    {
        var recording = RecordingLoader.Load(RepoPaths.RealRecording(file), 50, 20, 0.1, double.PositiveInfinity);
        var at1 = Evaluator.Evaluate([recording], null, 1.0, 0.1);
        var at2 = Evaluator.Evaluate([recording], null, 2.0, 0.1);
        AssertClose(cv1, at1.ConstantVelocity.Fde, "CV FDE@1s");
        AssertClose(ctrv1, at1.ConstantTurnRate.Fde, "CTRV FDE@1s");
        AssertClose(cv2, at2.ConstantVelocity.Fde, "CV FDE@2s");
        AssertClose(ctrv2, at2.ConstantTurnRate.Fde, "CTRV FDE@2s");
        Assert.True(at1.Anchors > 300);
    }

    [Fact]
    public void Anchors_Whose_Future_Crosses_A_Ground_Truth_Gap_Are_Left_Out_By_Default()
    {
        var bridged = Evaluator.Evaluate([RecordingLoader.Load(RepoPaths.RealRecording("f1tenth-ds2.csv"), 50, 20, 0.1, double.PositiveInfinity)], null, 1.0, 0.1);
        var strict = Evaluator.Evaluate([RecordingLoader.Load(RepoPaths.RealRecording("f1tenth-ds2.csv"), 50, 20, 0.1)], null, 1.0, 0.1);

        // The 27.8 s gap (115 s to 143 s) alone holds about 280 anchors.
        Assert.True(bridged.Anchors - strict.Anchors > 280, $"bridged {bridged.Anchors}, strict {strict.Anchors}");
    }

    [Fact]
    public void Targets_Are_The_Future_Ground_Truth_In_The_Anchor_Pose()
    {
        // A robot at (1, 2) facing +y moving 1 m/s along +y: 0.1 s later it is 0.1 m straight ahead.
        var samples = Enumerable.Range(0, 100).Select(i => ((long)(i * 1e7), 1.0, 2.0 + (i * 0.01), Math.PI / 2)).ToList();
        var track = new PoseTrack(samples);
        var path = new float[6];
        var known = RecordingLoader.FuturePath(track, (long)1e8, 2, (long)1e8, long.MaxValue, path);
        Assert.Equal(2, known);
        Assert.Equal(0.1f, path[0], 4);
        Assert.Equal(0f, path[1], 4);
        Assert.Equal(0.2f, path[3], 4);
    }

    [Fact]
    public void Unknown_Future_Is_Not_A_Target()
    {
        var track = new PoseTrack([(0L, 0.0, 0.0, 0.0), ((long)1e9, 1.0, 0.0, 0.0)]);
        var path = new float[60];
        Assert.Equal(9, RecordingLoader.FuturePath(track, (long)1e8, 20, (long)1e8, long.MaxValue, path));
        Assert.Equal(0, RecordingLoader.FuturePath(track, (long)2e9, 20, (long)1e8, long.MaxValue, path));
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 0.05 * expected, $"{what}: {actual:F3} m, reference {expected:F3} m");
}
