using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Replay;
using static EdgeLstm.Sensors.Tests.Replay.ReplayTestSupport;

namespace EdgeLstm.Sensors.Tests.Replay;

public sealed class ReplayReaderTests
{
    private const string DesignExample =
        "# edge-lstm replay v1\n"
        + "# source:   hand written  \n"
        + "#licence:MIT\n"
        + "t,ax,ay,az,gx,gy,gz,v,w,gt_x,gt_y,gt_yaw\n"
        + "0.023857,-2.29,3.62,11.55,0.0149,-0.131,0.0873,,,,,\n"
        + "0.064075,,,,,,,1.857,0,,,\n";

    [Fact]
    public void Reads_The_Design_Example()
    {
        using var reader = new ReplayReader(new StringReader(DesignExample), "design.csv");
        var events = reader.ReadEvents().ToList();

        Assert.Equal(2, events.Count);
        Assert.Equal(SensorEventKind.Imu, events[0].Kind);
        Assert.Equal(23_857_000, events[0].TimestampNs);
        Assert.Equal((-2.29, 3.62, 11.55, 0.0149, -0.131, 0.0873), (events[0].Ax, events[0].Ay, events[0].Az, events[0].Gx, events[0].Gy, events[0].Gz));
        Assert.Equal(SensorEventKind.Odometry, events[1].Kind);
        Assert.Equal(64_075_000, events[1].TimestampNs);
        Assert.Equal((1.857, 0.0), (events[1].V, events[1].W));
    }

    [Fact]
    public void Exposes_Trimmed_Metadata_In_File_Order_Columns_And_Kinds()
    {
        using var reader = new ReplayReader(new StringReader(DesignExample), "design.csv");

        Assert.Equal([new("source", "hand written"), new("licence", "MIT")], reader.Metadata);
        Assert.Equal(["t", "ax", "ay", "az", "gx", "gy", "gz", "v", "w", "gt_x", "gt_y", "gt_yaw"], reader.Columns);
        Assert.Equal([SensorEventKind.Imu, SensorEventKind.Odometry, SensorEventKind.GroundTruth], reader.Kinds.Order());
        Assert.Equal(RobotGeometry.Unknown, reader.Geometry);
    }

    [Fact]
    public void Reads_Geometry_From_Metadata()
    {
        var text = VersionLine + "# ticks_per_meter: 4096.5\n# track_width_m: 3.1e-1\nt,enc_left,enc_right,v_left,v_right\n0.5,-12,7,,\n0.5,,,0.25,-0.5\n";
        using var reader = new ReplayReader(new StringReader(text), "ticks.csv");

        Assert.Equal(new RobotGeometry(4096.5, 0.31), reader.Geometry);
        var events = reader.ReadEvents().ToList();
        Assert.Equal((SensorEventKind.WheelTicks, -12L, 7L), (events[0].Kind, events[0].TicksLeft, events[0].TicksRight));
        Assert.Equal((SensorEventKind.WheelSpeeds, 0.25, -0.5), (events[1].Kind, events[1].SpeedLeft, events[1].SpeedRight));
    }

    [Fact]
    public void Emits_The_Events_Of_One_Row_In_Kind_Order_With_The_Row_Time()
    {
        // The header lists the groups in a scrambled order; the events still come in enum order.
        var text = VersionLine + "# ticks_per_meter: 100\n# track_width_m: 0.3\n"
            + "gt_x,gt_y,gt_yaw,v,w,t,v_right,v_left,enc_right,enc_left,gz,gy,gx,az,ay,ax\n"
            + "1,2,3,4,5,1.5,7,6,9,8,15,14,13,12,11,10\n";

        var events = ReadText(text);

        Assert.Equal(
            [SensorEventKind.Imu, SensorEventKind.WheelTicks, SensorEventKind.WheelSpeeds, SensorEventKind.Odometry, SensorEventKind.GroundTruth],
            events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal(1_500_000_000, e.TimestampNs));
        Assert.Equal((10.0, 11.0, 12.0, 13.0, 14.0, 15.0), (events[0].Ax, events[0].Ay, events[0].Az, events[0].Gx, events[0].Gy, events[0].Gz));
        Assert.Equal((8L, 9L), (events[1].TicksLeft, events[1].TicksRight));
        Assert.Equal((6.0, 7.0), (events[2].SpeedLeft, events[2].SpeedRight));
        Assert.Equal((4.0, 5.0), (events[3].V, events[3].W));
        Assert.Equal((1.0, 2.0, 3.0), (events[4].X, events[4].Y, events[4].Yaw));
    }

    [Fact]
    public void Ignores_Unknown_Columns_But_Keeps_Them_In_Columns()
    {
        var text = VersionLine + "t,note,v,w,battery\n0.1,hello world,1,2,\n0.2,,,,12.1\n";
        using var reader = new ReplayReader(new StringReader(text), "extra.csv");

        Assert.Equal(["t", "note", "v", "w", "battery"], reader.Columns);
        var events = reader.ReadEvents().ToList();
        Assert.Single(events);
        Assert.Equal((1.0, 2.0), (events[0].V, events[0].W));
    }

    [Theory]
    [InlineData("3", 3.0)]
    [InlineData("-3", -3.0)]
    [InlineData("+0.5", 0.5)]
    [InlineData(".5", 0.5)]
    [InlineData("2.", 2.0)]
    [InlineData("1e-3", 0.001)]
    [InlineData("-2.5E+2", -250.0)]
    [InlineData(" 7.25 ", 7.25)]
    public void Accepts_Integers_Decimals_And_Exponents(string text, double expected)
    {
        var events = ReadText(VersionLine + $"t,v,w\n1e-1,{text},0\n");

        Assert.Equal(expected, events.Single().V);
        Assert.Equal(100_000_000, events.Single().TimestampNs);
    }

    [Fact]
    public void Accepts_Equal_Times_Crlf_Line_Endings_And_Blank_Lines_At_The_End()
    {
        var text = "# edge-lstm replay v1\r\n# source: windows\r\nt,v,w\r\n0.1,1,0\r\n0.1,2,0\r\n\r\n  \r\n";
        using var reader = new ReplayReader(new StringReader(text), "crlf.csv");

        Assert.Equal([new("source", "windows")], reader.Metadata);
        Assert.Equal([1.0, 2.0], reader.ReadEvents().Select(e => e.V));
    }

    [Fact]
    public void Accepts_A_Byte_Order_Mark_Before_The_Version_Line()
    {
        Assert.Single(ReadText("\uFEFF" + VersionLine + "t,v,w\n0,1,0\n"));
    }

    [Fact]
    public void Rows_With_Only_A_Time_Give_No_Event_And_A_Header_Only_File_Is_Empty()
    {
        Assert.Empty(ReadText(VersionLine + "t,v,w\n"));
        Assert.Single(ReadText(VersionLine + "t,v,w\n0.1,,\n0.2,1,1\n"));
    }

    [Fact]
    public void Reads_Events_Only_Once()
    {
        using var reader = new ReplayReader(new StringReader(VersionLine + "t,v,w\n0,1,0\n"), "once.csv");
        _ = reader.ReadEvents().ToList();

        Assert.Throws<InvalidOperationException>(() => reader.ReadEvents());
    }

    [Fact]
    public void Stops_When_Cancelled()
    {
        using var reader = new ReplayReader(new StringReader(VersionLine + "t,v,w\n0,1,0\n1,1,0\n"), "cancel.csv");
        using var cts = new CancellationTokenSource();
        using var events = reader.ReadEvents(cts.Token).GetEnumerator();
        Assert.True(events.MoveNext());
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => events.MoveNext());
    }

    [Fact]
    public void Header_Errors_Surface_When_The_File_Is_Opened()
    {
        using var dir = new TempDir();
        var path = dir.File("no-time.csv");
        System.IO.File.WriteAllText(path, VersionLine + "v,w\n1,0\n");

        var ex = Assert.Throws<ReplayFormatException>(() => ReplayReader.Open(path));

        Assert.Equal(path, ex.File);
        Assert.StartsWith(path + ":2: ", ex.Message, StringComparison.Ordinal);
    }
}
