using System.Diagnostics;
using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Tests.Infrastructure;
using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Replay;
using EdgeLstm.Sensors.Simulation;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests.Hardware;

/// <summary>`edge-lstm record` as a user runs it: rows match the source, the file grows while recording, any end leaves a readable file.</summary>
public sealed class RecordCommandTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-lstm-record-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Record_From_The_Simulator_For_Two_Seconds_Reads_Back_As_The_Simulators_Events()
    {
        var file = Path.Combine(_dir, "sim.csv");
        await using var record = await EdgeLstmProcess.RunAsync(["record", "--source", "simulator", "--set", "Simulator:Seed=3", "--seconds", "2", "--out", file], Timeout);
        output.WriteLine(record.StandardOutput + record.StandardError);
        Assert.Equal(0, record.ExitCode);

        using var reader = ReplayReader.Open(file);
        Assert.Contains(reader.Metadata, m => m.Key == "seed" && m.Value == "3");
        Assert.Contains(reader.Metadata, m => m.Key == "recorded_utc");
        Assert.Equal(1000, reader.Geometry.TicksPerMeter);
        var events = reader.ReadEvents().ToList();
        Assert.Null(reader.PartialRowLine);
        Assert.Contains($"recorded {events.Count} rows", record.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("sensors ok", record.StandardOutput, StringComparison.Ordinal);
        Assert.InRange(events.Count, 200, 500); // 200 events a second, paced in real time

        var expected = new RobotSimulator(new SimulatorOptions { Seed = 3 }).ReadEvents().Take(events.Count).ToList();
        for (var i = 0; i < events.Count; i++)
        {
            AssertSame(expected[i], events[i]);
        }
    }

    [Fact]
    public async Task Record_Onto_A_Full_Filesystem_Says_So_In_One_Line_And_Keeps_Every_Flushed_Row()
    {
        // A 64 KiB tmpfs fills after about 1300 rows (six seconds of the simulator).
        var mount = Path.Combine(_dir, "full");
        Directory.CreateDirectory(mount);
        Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount);
        try
        {
            var file = Path.Combine(mount, "run.csv");
            await using var record = await EdgeLstmProcess.RunAsync(["record", "--source", "simulator", "--set", "SimulatorSpeed=4", "--seconds", "20", "--out", file], Timeout);
            output.WriteLine(record.StandardOutput + record.StandardError);

            Assert.Equal(1, record.ExitCode);
            var error = Assert.Single(record.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Matches(@"^edge-lstm: error: .*run\.csv: No space left on device.*: recording stopped after \d+ rows; the file keeps at least its first (\d+)", error);
            var numbers = System.Text.RegularExpressions.Regex.Match(error, @"after (\d+) rows; the file keeps at least its first (\d+)");
            var written = int.Parse(numbers.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var promised = int.Parse(numbers.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);

            // Cut back to the last flush: exactly the rows promised, no torn row a partial write left behind
            // (seen once as "time goes backwards: 't' = '00000'" on the row after the last flushed one).
            using var reader = ReplayReader.Open(file);
            var rows = reader.ReadEvents().Count();
            Assert.True(promised > 500 && promised <= written, error);
            Assert.Equal(promised, rows);
        }
        finally
        {
            Run("umount", mount);
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { UseShellExecute = false, RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed (the test needs root, as CI has): {stderr}");
    }

    [Fact]
    public async Task Record_Flushes_While_Recording_And_Ends_Cleanly_On_SIGTERM()
    {
        var file = Path.Combine(_dir, "live.csv");
        await using var record = EdgeLstmProcess.Start(["record", "--source", "simulator", "--out", file]);
        await record.WaitForOutputAsync("edge-lstm: recording");

        // Watch the file from outside, as a crash would leave it: it must grow at least once a second.
        var growths = new List<(double Seconds, long Length, int Rows)>();
        var clock = Stopwatch.StartNew();
        long length = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(4))
        {
            var now = new FileInfo(file).Length;
            if (now > length)
            {
                length = now;
                using var reader = ReplayReader.Open(file);
                growths.Add((clock.Elapsed.TotalSeconds, now, reader.ReadEvents().Count()));
            }

            await Task.Delay(20);
        }

        record.Terminate();
        await record.WaitForExitAsync(Timeout);
        output.WriteLine(string.Join("\n", growths.Select(g => $"{g.Seconds:0.000} s: {g.Length} bytes, {g.Rows} rows")));
        output.WriteLine(record.StandardOutput + record.StandardError);
        Assert.Equal(0, record.ExitCode);

        // From the first row on: before it the file holds only the preamble while the source starts up.
        var withRows = growths.Where(g => g.Rows > 0).ToList();
        var gaps = withRows.Zip(withRows.Skip(1), (a, b) => b.Seconds - a.Seconds).ToList();
        Assert.True(withRows.Count >= 5, $"the file grew {withRows.Count} times with rows in 4 s");
        // Flushed every 0.5 s; the margin is for a busy test machine, the promise is "at least once a second".
        Assert.True(gaps.Max() <= 1.25, $"longest time without growth {gaps.Max():0.00} s");
        Assert.True(withRows[^1].Rows > withRows[0].Rows);

        var rows = ReplayReader.ReadAll(file).Count;
        Assert.Contains($"recorded {rows} rows", record.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_Killed_Mid_Way_Leaves_A_File_That_Reads_Back_To_Its_Last_Complete_Row()
    {
        var file = Path.Combine(_dir, "crash.csv");
        await using var record = EdgeLstmProcess.Start(["record", "--source", "simulator", "--out", file]);
        await record.WaitForOutputAsync("edge-lstm: recording");
        await Task.Delay(TimeSpan.FromSeconds(1.7));
        record.Kill();
        await record.WaitForExitAsync(Timeout);

        using var reader = ReplayReader.Open(file);
        var events = reader.ReadEvents().ToList();
        output.WriteLine($"{events.Count} rows survived; partial row on line {reader.PartialRowLine?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
        Assert.True(events.Count >= 100, $"only {events.Count} rows survived 1.7 s of recording");
    }

    [Fact]
    public async Task Record_To_Gz_Records_Plain_Csv_And_Compresses_At_The_Clean_End()
    {
        var file = Path.Combine(_dir, "run.csv.gz");
        await using var record = await EdgeLstmProcess.RunAsync(["record", "--source", "simulator", "--seconds", "1", "--out", file], Timeout);
        Assert.Equal(0, record.ExitCode);
        Assert.Contains(Path.Combine(_dir, "run.csv") + " for", record.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "run.csv")), "the working .csv is removed once compressed");
        Assert.Equal([0x1f, 0x8b], File.ReadAllBytes(file)[..2]);
        Assert.Contains($"recorded {ReplayReader.ReadAll(file).Count} rows", record.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hardware:LeftEncoderPinA is required")]
    [InlineData("not \"replay\"", "--source", "replay")]
    public async Task Record_Rejects_A_Source_It_Cannot_Record_With_Exit_78(string message, params string[] extra)
    {
        var file = Path.Combine(_dir, "never.csv");
        await using var record = await EdgeLstmProcess.RunAsync(["record", "--out", file, .. extra], Timeout);
        Assert.Equal(78, record.ExitCode);
        Assert.Contains(message, record.StandardError, StringComparison.Ordinal);
        Assert.Single(record.StandardError.Trim().Split('\n'));
        Assert.False(File.Exists(file));
    }

    // What the file keeps: kind, time to the microsecond, ticks exactly, other values as float32.
    private static void AssertSame(SensorEvent expected, SensorEvent actual)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.InRange(actual.TimestampNs - expected.TimestampNs, -500, 500);
        if (expected.Kind == SensorEventKind.WheelTicks)
        {
            Assert.Equal((expected.TicksLeft, expected.TicksRight), (actual.TicksLeft, actual.TicksRight));
        }
        else
        {
            Assert.Equal(
                ((float)expected.Ax, (float)expected.Ay, (float)expected.Az, (float)expected.Gx, (float)expected.Gy, (float)expected.Gz),
                ((float)actual.Ax, (float)actual.Ay, (float)actual.Az, (float)actual.Gx, (float)actual.Gy, (float)actual.Gz));
        }
    }
}
