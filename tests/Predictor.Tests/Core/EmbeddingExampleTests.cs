using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using EdgeLstm.Predictor.Loading;
using EdgeLstm.Sensors.Frames;
using EdgeLstm.Tests.Shared;

namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>
/// The README's embedding example is a real program (examples/EmbedPredictor): built and run as a
/// user would, its printed pose must be what the runtime computes, and the README must show it verbatim.
/// </summary>
public sealed partial class EmbeddingExampleTests
{
    private static string ProgramPath => Path.Combine(RepoPaths.Root, "examples", "EmbedPredictor", "Program.cs");

    [Fact]
    public void Readme_Shows_The_Example_Program_Verbatim()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).ReplaceLineEndings("\n");
        var program = File.ReadAllText(ProgramPath).ReplaceLineEndings("\n").TrimEnd();
        Assert.Contains("```csharp\n" + program + "\n```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Example_Program_Builds_Runs_And_Prints_The_Runtimes_Prediction()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in new[] { "run", "--project", "examples/EmbedPredictor", "-c", "Release", "--", ModelLoader.DefaultModelPath() })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stdout} {await stderr}");

        var match = PrintedPose().Match(await stdout);
        Assert.True(match.Success, await stdout);
        var (x, y, yaw) = Expected();
        Assert.Equal(x.ToString("F2", CultureInfo.InvariantCulture), match.Groups["x"].Value);
        Assert.Equal(y.ToString("F2", CultureInfo.InvariantCulture), match.Groups["y"].Value);
        Assert.Equal(yaw.ToString("F2", CultureInfo.InvariantCulture), match.Groups["yaw"].Value);

        // A left turn at 1 m/s: ahead and to the left, heading left.
        Assert.True(x > 1.0 && y > 0 && yaw > 0, $"x {x}, y {y}, yaw {yaw}");
    }

    private static (float X, float Y, float Yaw) Expected()
    {
        var predictor = ModelLoader.LoadPredictor(ModelLoader.DefaultModelPath());
        var rate = predictor.Config.FrameRateHz;
        var frame = new Frame { V = 1.0, W = 0.5, Gz = 0.5, Az = 9.81 };
        for (var i = 0; i < 2 * rate; i++)
        {
            frame.Index = i;
            frame.TimestampNs = (long)(i * 1e9 / rate);
            predictor.Step(in frame);
        }

        var end = predictor.BodyPath.Length - 3;
        return (predictor.BodyPath[end], predictor.BodyPath[end + 1], predictor.BodyPath[end + 2]);
    }

    [GeneratedRegex(@"at x (?<x>-?\d+\.\d\d) m, y (?<y>-?\d+\.\d\d) m, yaw (?<yaw>-?\d+\.\d\d) rad")]
    private static partial Regex PrintedPose();
}
