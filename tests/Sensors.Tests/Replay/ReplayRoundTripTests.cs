using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Replay;
using EdgeLstm.Tests.Shared;
using static EdgeLstm.Sensors.Tests.Replay.ReplayTestSupport;

namespace EdgeLstm.Sensors.Tests.Replay;

public sealed class ReplayRoundTripTests
{
    public static TheoryData<SensorEventKind> Kinds => [.. Enum.GetValues<SensorEventKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Round_Trips_Each_Group_Alone(SensorEventKind kind)
    {
        var events = SampleEvents(500).Where(e => e.Kind == kind).ToList();
        var text = new StringWriter();
        using (var writer = new ReplayWriter(text, [kind], GeometryMetadata))
        {
            foreach (var e in events)
            {
                writer.Write(e);
            }
        }

        using var reader = new ReplayReader(new StringReader(text.ToString()), "one-group.csv");
        Assert.Equal([kind], reader.Kinds);
        AssertSameEvents(events, [.. reader.ReadEvents()]);
    }

    [Theory]
    [InlineData("all.csv")]
    [InlineData("all.csv.gz")]
    public void Round_Trips_Every_Group_Through_A_File(string name)
    {
        using var dir = new TempDir();
        var path = dir.File(name);
        var events = SampleEvents(3_000);
        using (var writer = ReplayWriter.Create(path, AllKinds, GeometryMetadata))
        {
            foreach (var e in events)
            {
                writer.Write(e);
            }

            Assert.Equal(events.Count, writer.RowsWritten);
        }

        using var reader = ReplayReader.Open(path);
        Assert.Equal(GeometryMetadata, reader.Metadata);
        Assert.Equal(new RobotGeometry(4096, 0.31), reader.Geometry);
        Assert.Equal(AllKinds.Order(), reader.Kinds.Order());
        AssertSameEvents(events, [.. reader.ReadEvents()]);
    }

    [Fact]
    public void Rounds_Times_To_Microseconds_And_Values_To_Float32()
    {
        var e = SensorEvent.Odometry(1_234_567_891, Math.PI, -1.0 / 3);
        var text = new StringWriter();
        using (var writer = new ReplayWriter(text, [SensorEventKind.Odometry], []))
        {
            writer.Write(e);
        }

        var back = ReadText(text.ToString()).Single();

        Assert.Equal(1_234_568_000, back.TimestampNs);
        Assert.Equal(3.1415927, back.V);
        Assert.Equal((float)Math.PI, (float)back.V);
        Assert.Equal(-0.33333334, back.W);
    }

    [Fact]
    public void Reading_And_Writing_Again_Gives_The_Same_Bytes()
    {
        var first = WriteText(SampleEvents(2_000));
        using var reader = new ReplayReader(new StringReader(first), "first.csv");
        var second = WriteText([.. reader.ReadEvents()]);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Rewriting_A_Real_Recording_Reproduces_Its_Data_Rows()
    {
        // The real files were written with the same conventions (F6 time, shortest float text),
        // so reading and writing them again must not change a single data row.
        var path = RepoPaths.RealRecording("f1tenth-ds1.csv");
        var text = new StringWriter();
        using (var reader = ReplayReader.Open(path))
        using (var writer = new ReplayWriter(text, reader.Kinds, reader.Metadata))
        {
            foreach (var e in reader.ReadEvents())
            {
                writer.Write(e);
            }
        }

        var original = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.Equal(original, text.ToString());
    }

    private static string WriteText(IReadOnlyList<SensorEvent> events)
    {
        var text = new StringWriter();
        using var writer = new ReplayWriter(text, AllKinds, GeometryMetadata);
        foreach (var e in events)
        {
            writer.Write(e);
        }

        return text.ToString();
    }
}
