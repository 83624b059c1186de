using EdgeLstm.Sensors.Frames;
using EdgeLstm.Sensors.Replay;
using EdgeLstm.Tests.Shared;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Evaluation;

namespace EdgeLstm.Tools.Tests.Regressions;

/// <summary>
/// The finding of issue 14: a 10 kB gzip replay (the start of f1tenth-ds1) in which one timestamp
/// jumps about 460 days ahead made `edge-lstm eval` build frames for all 460 days until the kernel
/// killed it. Both files are kept exactly as found.
/// </summary>
public sealed class TimeJumpRegressionTests
{
    private static string Input(string name) => Path.Combine(RepoPaths.Root, "tests", "Tools.Tests", "Regressions", name);

    [Fact]
    public void A_Last_Row_460_Days_Ahead_Loads_As_A_Flagged_Restart_With_A_Few_Frames()
    {
        var recording = RecordingLoader.Load(Input("time-jump-460-days-last-row.csv.gz"), 50, 20, 0.1);

        Assert.InRange(recording.Length, 250, 300); // 5.76 s of data at 50 Hz, not 2 billion frames
        Assert.Equal(FrameQuality.TimeJump, recording.Frames[^1].Quality & FrameQuality.TimeJump);
        Assert.Single(recording.Frames, f => f.Quality.HasFlag(FrameQuality.TimeJump));
        var result = Evaluator.Evaluate([recording], null, 1.0, 0.1);
        Assert.True(result.Anchors > 30);
    }

    [Fact]
    public void A_Mid_File_Row_460_Days_Ahead_Ends_In_The_Backwards_Time_Error_On_The_Next_Line()
    {
        var error = Assert.Throws<ReplayFormatException>(() => RecordingLoader.Load(Input("time-jump-460-days-mid-file.csv.gz"), 50, 20, 0.1));

        Assert.Equal(282, error.Line);
        Assert.Contains("time goes backwards", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bridging_Every_Ground_Truth_Gap_Still_Builds_No_Frames_Across_The_Jump()
    {
        var recording = RecordingLoader.Load(Input("time-jump-460-days-last-row.csv.gz"), 50, 20, 0.1, double.PositiveInfinity);

        Assert.InRange(recording.Length, 250, 300);
    }
}
