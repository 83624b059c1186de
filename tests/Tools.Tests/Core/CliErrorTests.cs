using System.Diagnostics;
using EdgeLstm.Predictor.Loading;

namespace EdgeLstm.Tools.Tests.Core;

/// <summary>The command line as users meet it: a real process, one line on stderr, an exit code.</summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elstm-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Malformed_Replay_Gives_One_Line_Naming_File_Line_And_Column()
    {
        var path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, "# edge-lstm replay v1\nt,v,w,gt_x,gt_y,gt_yaw\n0.0,1,0,0,0,0\n0.1,abc,0,0,0,0\n");
        var (code, stdout, stderr) = Run("eval", path);
        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("bad.csv:4:2", line);
        Assert.DoesNotContain("   at ", stderr + stdout);
    }

    [Theory]
    [InlineData("--correction-prior", "0")]
    [InlineData("--guard-memory", "-1")]
    [InlineData("--guard-prior", "NaN")]
    [InlineData("--spread-adapt", "2")]
    public void Crossval_Refuses_A_Guard_Setting_By_Its_Flag_Before_Any_Training(string flag, string value)
    {
        var (code, stdout, stderr) = Run("crossval", EdgeLstm.Tests.Shared.RepoPaths.RealRecording("f1tenth-ds1.csv"), EdgeLstm.Tests.Shared.RepoPaths.RealRecording("f1tenth-ds2.csv"), flag, value);

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("edge-lstm: error: ", line);
        Assert.Contains($"({flag})", line);
        Assert.Empty(stdout);
    }

    [Theory]
    [InlineData("crossval", "--correction-prior", "abc")]
    [InlineData("eval", "--horizon", "abc")]
    [InlineData("eval", "--max-gt-gap", "abc")]
    public void A_Value_That_Does_Not_Parse_Gives_One_Line_Naming_Flag_And_Value(string command, string flag, string value)
    {
        var replay = EdgeLstm.Tests.Shared.RepoPaths.RealRecording("f1tenth-ds1.csv");
        var (code, stdout, stderr) = command == "eval"
            ? Run("eval", replay, flag, value)
            : Run("crossval", replay, EdgeLstm.Tests.Shared.RepoPaths.RealRecording("f1tenth-ds2.csv"), flag, value);

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("edge-lstm: error: ", line);
        Assert.Contains(flag, line);
        Assert.Contains($"'{value}'", line);
        Assert.Contains($"edge-lstm {command} --help", line);
        Assert.Empty(stdout);
    }

    [Theory]
    [InlineData("--horizon", "5", "eval")]
    [InlineData("--max-gt-gap", "0", "eval")]
    [InlineData("--hidden", "0", "train")]
    public void Out_Of_Range_Flag_Gives_One_Line_Naming_The_Flag(string flag, string value, string command)
    {
        var replay = EdgeLstm.Tests.Shared.RepoPaths.RealRecording("f1tenth-ds1.csv");
        var (code, _, stderr) = command == "eval"
            ? Run("eval", replay, flag, value)
            : Run("train", "--data", replay, "--out", Path.Combine(_dir, "m.elstm"), flag, value);
        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"edge-lstm: error: {flag}: {value}", line);
        Assert.DoesNotContain("Parameter '", line);
    }

    [Fact]
    public void Max_Gt_Gap_Inf_Bridges_The_Long_Ground_Truth_Gap_As_Its_Help_Says()
    {
        // ds2's ground truth stops for 27.8 s: bridged, the anchors whose future crosses it count too.
        var replay = EdgeLstm.Tests.Shared.RepoPaths.RealRecording("f1tenth-ds2.csv");
        var (strictCode, strict, _) = Run("eval", replay);
        var (bridgedCode, bridged, stderr) = Run("eval", replay, "--max-gt-gap", "inf");

        Assert.Equal(0, strictCode);
        Assert.True(bridgedCode == 0, stderr);
        Assert.True(Anchors(bridged) > Anchors(strict), $"{Anchors(bridged)} anchors bridged, {Anchors(strict)} not");

        static int Anchors(string table) => int.Parse(System.Text.RegularExpressions.Regex.Match(table, @"(\d+) anchors").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Training_On_A_Recording_Shorter_Than_The_Horizon_Names_It_And_Why()
    {
        var path = Path.Combine(_dir, "short.csv");
        var rows = Enumerable.Range(0, 11).Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{i * 0.1:F1},1,0,{i * 0.1:F1},0,0"));
        File.WriteAllText(path, "# edge-lstm replay v1\nt,v,w,gt_x,gt_y,gt_yaw\n" + string.Join('\n', rows) + "\n");

        var (code, stdout, stderr) = Run("train", "--data", path, "--out", Path.Combine(_dir, "m.elstm"));

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no frame of the training data has a known future path", line);
        Assert.Contains("short.csv", line);
        Assert.Contains("2 s ahead", line);
        Assert.DoesNotContain("Parameter '", line);
        Assert.False(File.Exists(Path.Combine(_dir, "m.elstm")));
        Assert.DoesNotContain("   at ", stdout);
    }

    [Fact]
    public void Corrupt_Model_Gives_One_Line_And_Exit_Code_2()
    {
        var model = Path.Combine(_dir, "bad.elstm");
        File.WriteAllBytes(model, [1, 2, 3, 4]);
        var (code, _, stderr) = Run("inspect", model);
        Assert.Equal(2, code);
        Assert.Contains("not an edge-lstm model", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void Inspect_Prints_Sizes_Features_And_Checksum_Of_The_Bundled_Model()
    {
        var (code, stdout, _) = Run("inspect", ModelLoader.DefaultModelPath());
        Assert.Equal(0, code);
        Assert.Contains("hidden H=", stdout);
        Assert.Contains("CRC-32", stdout);
        Assert.Contains("parameters", stdout);
        Assert.Contains("Float32", stdout);
    }

    [Fact]
    public void Inspect_Shows_The_Regions_Degrees_Of_Freedom_Along_The_Horizon()
    {
        var bundled = ModelLoader.LoadFloat(Path.Combine(Path.GetDirectoryName(ModelLoader.DefaultModelPath())!, "default.elstm"));
        var steps = bundled.Config.HorizonSteps;
        var uncertainty = bundled.Config.Uncertainty! with
        {
            StepDegreesOfFreedom = [.. Enumerable.Range(0, steps).Select(k => k < 5 ? 1.5f : k < steps - 1 ? 2.25f : float.PositiveInfinity)],
        };
        var path = Path.Combine(_dir, "nu.elstm");
        Predictor.ModelFiles.FloatModelFile.Save(path, new Predictor.Model.LstmModel(bundled.Config with { Uncertainty = uncertainty }, bundled.Weights));

        var (code, stdout, _) = Run("inspect", path);

        Assert.Equal(0, code);
        Assert.Contains("position regions Student-t, ν = 1.5 @0.5s, 2.25 @1s, ∞ @2s", stdout, StringComparison.Ordinal);
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "edge-lstm.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "edge-lstm did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
