using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Replay;

namespace EdgeLstm.Sensors.Tests.Replay;

/// <summary>A scratch directory per test, removed afterwards, so tests can run in parallel.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edge-lstm-replay-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

internal static class ReplayTestSupport
{
    public const string VersionLine = "# edge-lstm replay v1\n";

    public static List<SensorEvent> ReadText(string content, string name = "test.csv")
    {
        using var reader = new ReplayReader(new StringReader(content), name);
        return [.. reader.ReadEvents()];
    }

    /// <summary>
    /// What a replay file preserves of an event: kind, time, ticks exactly and the other values
    /// at float32 precision (the writer writes the shortest text of the float32 value, which reads
    /// back as the nearest double to that text, not as the float32 widened).
    /// </summary>
    public static (SensorEventKind Kind, long Ns, long TicksLeft, long TicksRight, float P0, float P1, float P2, float P3, float P4, float P5) Preserved(SensorEvent e) =>
        e.Kind == SensorEventKind.WheelTicks
            ? (e.Kind, e.TimestampNs, e.TicksLeft, e.TicksRight, 0, 0, 0, 0, 0, 0)
            : (e.Kind, e.TimestampNs, 0, 0, (float)e.Ax, (float)e.Ay, (float)e.Az, (float)e.Gx, (float)e.Gy, (float)e.Gz);

    public static void AssertSameEvents(IReadOnlyList<SensorEvent> expected, IReadOnlyList<SensorEvent> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(Preserved(expected[i]), Preserved(actual[i]));
        }
    }

    /// <summary>
    /// Events of every kind with float32-exact values and whole-microsecond times (the file's
    /// resolution), some sharing a timestamp, so a round trip must reproduce them exactly.
    /// </summary>
    public static List<SensorEvent> SampleEvents(int count, int seed = 7)
    {
        var random = new Random(seed);
        var events = new List<SensorEvent>(count);
        long ns = 1_000_000;
        long left = -40, right = 100_000;
        for (var i = 0; i < count; i++)
        {
            if (random.Next(4) != 0)
            {
                ns += random.Next(1, 40_000) * 1000L;
            }

            double F() => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 4)));
            left += random.Next(-3, 30);
            right += random.Next(-3, 30);
            events.Add((i % 5) switch
            {
                0 => SensorEvent.Imu(ns, F(), F(), F() + 9.81f, F(), F(), F()),
                1 => SensorEvent.WheelTicks(ns, left, right),
                2 => SensorEvent.WheelSpeeds(ns, F(), F()),
                3 => SensorEvent.Odometry(ns, F(), F()),
                _ => SensorEvent.GroundTruth(ns, F(), F(), F()),
            });
        }

        return events;
    }

    public static IEnumerable<SensorEventKind> AllKinds => Enum.GetValues<SensorEventKind>();

    public static KeyValuePair<string, string>[] GeometryMetadata =>
    [
        new("source", "unit test"),
        new("ticks_per_meter", "4096"),
        new("track_width_m", "0.31"),
    ];
}
