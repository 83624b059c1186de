using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Replay;
using EdgeLstm.Tests.Shared;

namespace EdgeLstm.Sensors.Tests.Replay;

/// <summary>The shared real recordings read cleanly and look like a driving car.</summary>
public sealed class ReplayRealDataTests
{
    public static TheoryData<string> Recordings => [.. RepoPaths.RealRecordings];

    [Theory]
    [MemberData(nameof(Recordings))]
    public void Reads_Real_Recording(string name)
    {
        var path = RepoPaths.RealRecording(name);
        using var reader = ReplayReader.Open(path);

        Assert.Contains(reader.Metadata, m => m.Key == "source" && m.Value.Length > 0);
        Assert.Equal([SensorEventKind.Imu, SensorEventKind.Odometry, SensorEventKind.GroundTruth], reader.Kinds.Order());

        var events = reader.ReadEvents().ToList();
        var dataRows = File.ReadLines(path).Count(l => l.Length > 0 && !l.StartsWith('#')) - 1;

        // The real files hold one group per row.
        Assert.Equal(dataRows, events.Count);
        Assert.True(events.Count > 1000, $"{events.Count} events");
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True(events[i].TimestampNs >= events[i - 1].TimestampNs, $"time goes backwards at event {i}");
        }

        var duration = Time.ToSeconds(events[^1].TimestampNs - events[0].TimestampNs);
        Assert.InRange(duration, 30, 200);
        foreach (var kind in reader.Kinds)
        {
            // About 30 Hz per group.
            var rate = events.Count(e => e.Kind == kind) / duration;
            Assert.InRange(rate, 15, 60);
        }

        // Gravity is in the raw accelerometer: the mean vertical acceleration is about g.
        var meanAz = events.Where(e => e.Kind == SensorEventKind.Imu).Average(e => e.Az);
        Assert.InRange(meanAz, 8.8, 10.8);

        var odometry = events.Where(e => e.Kind == SensorEventKind.Odometry).ToList();
        Assert.InRange(odometry.Max(e => e.V), 0.5, 15);
        Assert.All(events.Where(e => e.Kind == SensorEventKind.GroundTruth), e => Assert.InRange(e.Yaw, -Math.PI - 1e-6, Math.PI + 1e-6));
    }

    [Fact]
    public void ReadAll_Matches_Streaming_Read()
    {
        var path = RepoPaths.RealRecording("f1tenth-ds3.csv");
        using var reader = ReplayReader.Open(path);

        ReplayTestSupport.AssertSameEvents([.. reader.ReadEvents()], ReplayReader.ReadAll(path));
    }
}
