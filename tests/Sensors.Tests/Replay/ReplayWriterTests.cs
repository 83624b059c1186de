using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Replay;
using static EdgeLstm.Sensors.Tests.Replay.ReplayTestSupport;

namespace EdgeLstm.Sensors.Tests.Replay;

public sealed class ReplayWriterTests
{
    [Fact]
    public void Writes_The_Exact_Canonical_Text()
    {
        var text = new StringWriter();
        using (var writer = new ReplayWriter(text, [SensorEventKind.GroundTruth, SensorEventKind.Odometry, SensorEventKind.Imu, SensorEventKind.WheelTicks, SensorEventKind.Odometry],
            [new(" source ", " bench  "), new("ticks_per_meter", "4096"), new("track_width_m", "0.31"), new("empty", "")]))
        {
            writer.Write(SensorEvent.Imu(23_857_000, -2.29365, 3.62003, 11.5544, 0.1, 1.0 / 3, 1e-7));
            writer.Write(SensorEvent.WheelTicks(23_857_000, -17, 123_456_789));
            writer.Write(SensorEvent.Odometry(64_075_400, 1.85737, 0));
            writer.Write(SensorEvent.GroundTruth(1_500_000_000, 0.538353, -3.73814, -2.83171));
            Assert.Equal(4, writer.RowsWritten);
        }

        Assert.Equal(
            "# edge-lstm replay v1\n"
            + "# source: bench\n"
            + "# ticks_per_meter: 4096\n"
            + "# track_width_m: 0.31\n"
            + "# empty:\n"
            + "t,ax,ay,az,gx,gy,gz,enc_left,enc_right,v,w,gt_x,gt_y,gt_yaw\n"
            + "0.023857,-2.29365,3.62003,11.5544,0.1,0.33333334,1E-07,,,,,,,\n"
            + "0.023857,,,,,,,-17,123456789,,,,,\n"
            + "0.064075,,,,,,,,,1.85737,0,,,\n"
            + "1.500000,,,,,,,,,,,0.538353,-3.73814,-2.83171\n",
            text.ToString());
    }

    [Fact]
    public void Rejects_An_Event_Whose_Kind_Is_Not_Among_The_Groups()
    {
        using var writer = new ReplayWriter(new StringWriter(), [SensorEventKind.Imu], []);

        var ex = Assert.Throws<ArgumentException>(() => writer.Write(SensorEvent.Odometry(0, 1, 0)));

        Assert.Contains("Odometry", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.RowsWritten);
    }

    [Fact]
    public void Rejects_Time_Going_Backwards_But_Accepts_Equal_Times()
    {
        using var writer = new ReplayWriter(new StringWriter(), [SensorEventKind.Odometry], []);
        writer.Write(SensorEvent.Odometry(2_000, 1, 0));
        writer.Write(SensorEvent.Odometry(2_000, 1, 0));

        Assert.Throws<ArgumentException>(() => writer.Write(SensorEvent.Odometry(1_999, 1, 0)));
        Assert.Equal(2, writer.RowsWritten);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e300)]
    public void Rejects_Values_That_Are_Not_Finite_As_Float32(double value)
    {
        var text = new StringWriter();
        using var writer = new ReplayWriter(text, [SensorEventKind.Odometry], []);
        var before = text.ToString();

        Assert.Throws<ArgumentException>(() => writer.Write(SensorEvent.Odometry(0, 1, value)));
        Assert.Equal(before, text.ToString());
        Assert.Equal(0, writer.RowsWritten);
    }

    [Fact]
    public void Rejects_Groups_Whose_Geometry_Metadata_Is_Missing_Before_Creating_The_File()
    {
        using var dir = new TempDir();
        var path = dir.File("ticks.csv");

        Assert.Throws<ArgumentException>(() => ReplayWriter.Create(path, [SensorEventKind.WheelTicks], [new("track_width_m", "0.3")]));
        Assert.Throws<ArgumentException>(() => ReplayWriter.Create(path, [SensorEventKind.WheelSpeeds], [new("track_width_m", "wide")]));
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("", "value")]
    [InlineData("a:b", "value")]
    [InlineData("key", "two\nlines")]
    public void Rejects_Metadata_That_Cannot_Be_Written_As_A_Key_Value_Line(string key, string value)
    {
        Assert.Throws<ArgumentException>(() => new ReplayWriter(new StringWriter(), [SensorEventKind.Imu], [new(key, value)]));
    }

    [Fact]
    public void Rejects_An_Empty_Group_List()
    {
        Assert.Throws<ArgumentException>(() => new ReplayWriter(new StringWriter(), [], []));
    }

    [Fact]
    public void Identical_Events_Give_Byte_Identical_Files()
    {
        using var dir = new TempDir();
        var events = SampleEvents(2_000);
        foreach (var name in new[] { "a.csv", "b.csv", "a.csv.gz", "b.csv.gz" })
        {
            using var writer = ReplayWriter.Create(dir.File(name), AllKinds.Reverse(), GeometryMetadata);
            foreach (var e in events)
            {
                writer.Write(e);
            }
        }

        Assert.Equal(File.ReadAllBytes(dir.File("a.csv")), File.ReadAllBytes(dir.File("b.csv")));
        Assert.Equal(File.ReadAllBytes(dir.File("a.csv.gz")), File.ReadAllBytes(dir.File("b.csv.gz")));
        Assert.Equal([0x1f, 0x8b], File.ReadAllBytes(dir.File("a.csv.gz"))[..2]);
    }
}
