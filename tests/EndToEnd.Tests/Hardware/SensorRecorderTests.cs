using System.Diagnostics;
using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Replay;
using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Tools.Data;
using EdgeLstm.Worker.Recording;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests.Hardware;

/// <summary>The recorder in process: on the simulated hardware with a failing chip, and flat out.</summary>
public sealed class SensorRecorderTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-lstm-recorder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Record_Simulated_Hardware_Keeps_Its_Metadata_And_Reports_A_Degraded_Spell()
    {
        var file = Path.Combine(_dir, "hw.csv");
        using var rig = new SimulatedRobotRig(seed: 1);
        var log = new List<string>();
        using var stop = new CancellationTokenSource();
        RecordingSummary summary;
        using (var recorder = new SensorRecorder(file, rig.Source, () => rig.Source.Health, log.Add, TimeSpan.FromMilliseconds(100)))
        {
            rig.Drive();
            var faults = Task.Run(async () =>
            {
                await Task.Delay(600);
                rig.Chip.FailNextReads(int.MaxValue);
                await Task.Delay(600);
                rig.Chip.FailNextReads(0);
                await Task.Delay(600);
                await stop.CancelAsync();
            });
            summary = recorder.Record(rig.Source.ReadEvents(stop.Token), stop.Token);
            await faults;
        }

        output.WriteLine(string.Join("\n", log));
        output.WriteLine(summary.ToString());
        Assert.Equal(1, summary.DegradedSpells);
        Assert.True(summary.Health.IsOk, summary.Health.ToString());
        Assert.Contains(log, line => line.StartsWith("sensors degraded: imu:", StringComparison.Ordinal));

        using var reader = ReplayReader.Open(file);
        Assert.Contains(reader.Metadata, m => m.Key == "imu" && m.Value == "MPU-6050");
        Assert.Equal(1000, reader.Geometry.TicksPerMeter);
        var events = reader.ReadEvents().ToList();
        Assert.Equal(summary.Rows, events.Count);
        Assert.Contains(events, e => e.Kind == SensorEventKind.Imu);
        Assert.True(events.Last(e => e.Kind == SensorEventKind.WheelTicks).TicksLeft > 0, "the wheels turned");
    }

    [Fact]
    public void Recorder_Writes_Unpaced_Simulator_Events_Fast()
    {
        var file = Path.Combine(_dir, "fast.csv");
        var simulator = new RobotSimulator(new SimulatorOptions { Seed = 2, Seconds = 600 });
        var events = simulator.ReadEvents().ToList();
        RecordingSummary summary;
        using (var recorder = new SensorRecorder(file, simulator, null, null))
        {
            var started = Stopwatch.GetTimestamp();
            summary = recorder.Record(events, CancellationToken.None);
            output.WriteLine($"{summary.Rows} rows in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.000} s: {summary.RowsPerSecond:0} rows/s, {new FileInfo(file).Length / 1e6:0.0} MB, {summary.Flushes} flushes");
        }

        Assert.Equal(events.Count, summary.Rows);
        Assert.True(summary.RowsPerSecond > 20_000, $"{summary.RowsPerSecond:0} rows/s");
        Assert.Equal(events.Count, ReplayReader.ReadAll(file).Count);
    }
}
