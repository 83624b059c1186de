using EdgeLstm.Sensors.Replay;
using static EdgeLstm.Sensors.Tests.Replay.ReplayTestSupport;

namespace EdgeLstm.Sensors.Tests.Replay;

/// <summary>Every malformed input gives a one-line error naming file, line, column and field.</summary>
public sealed class ReplayReaderErrorTests
{
    private const string File = "robot-run.csv";
    private const string ImuOdomHeader = "t,ax,ay,az,gx,gy,gz,v,w\n";

    [Fact]
    public void Rejects_Bad_Number_Quoting_The_Text()
    {
        var ex = Fail(VersionLine + ImuOdomHeader + "0.1,1,2,3,4,5,6,,\n0.2,1,2,abc,4,5,6,,\n");
        AssertLocated(ex, line: 4, column: 4, field: "az");
        Assert.Contains("'abc'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    public void Rejects_NaN_Or_Infinity_Naming_Line_And_Column(string text)
    {
        var ex = Fail(VersionLine + ImuOdomHeader + $"0.1,,,,,,,1.5,{text}\n");
        AssertLocated(ex, line: 3, column: 9, field: "w");
        Assert.Contains($"'{text}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("NaN or infinite", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Time_Going_Backwards_Naming_Line_And_Column()
    {
        var ex = Fail(VersionLine + ImuOdomHeader + "0.5,,,,,,,1,0\n0.5,,,,,,,1,0\n0.25,,,,,,,1,0\n");
        AssertLocated(ex, line: 5, column: 1, field: "t");
        Assert.Contains("backwards", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0.25", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0.5", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Bad_Time_In_A_Later_Column_Naming_That_Column()
    {
        var ex = Fail(VersionLine + "v,w,t\n1,0,0.1\n1,0,soon\n");
        AssertLocated(ex, line: 4, column: 3, field: "t");
        Assert.Contains("'soon'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Half_Filled_Group_Naming_Filled_And_Empty_Columns()
    {
        var ex = Fail(VersionLine + ImuOdomHeader + "0.1,1,2,,4,,6,,\n");
        AssertLocated(ex, line: 3, column: 4, field: "az");
        Assert.Contains("half-filled imu group", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ax, ay, gx, gz filled", ex.Message, StringComparison.Ordinal);
        Assert.Contains("az, gy empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Half_Filled_Odometry_Where_Only_The_Second_Cell_Is_Filled()
    {
        var ex = Fail(VersionLine + ImuOdomHeader + "0.1,,,,,,,,0.3\n");
        AssertLocated(ex, line: 3, column: 8, field: "v");
        Assert.Contains("w filled", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Too_Many_Cells_Naming_The_First_Extra_Column()
    {
        var ex = Fail(VersionLine + ImuOdomHeader + "0.1,1,2,3,4,5,6,,\n0.2,1,2,3,4,5,6,,,7\n");
        AssertLocated(ex, line: 4, column: 10, field: null);
        Assert.Contains("too many cells", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected 9", ex.Message, StringComparison.Ordinal);
        Assert.Contains("found 10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Too_Few_Cells_Naming_The_First_Missing_Column()
    {
        var ex = Fail(VersionLine + ImuOdomHeader + "0.1,1,2,3\n");
        AssertLocated(ex, line: 3, column: 5, field: "gx");
        Assert.Contains("too few cells", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected 9", ex.Message, StringComparison.Ordinal);
        Assert.Contains("found 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Empty_File()
    {
        var ex = Fail(string.Empty);
        AssertLocated(ex, line: 1, column: null, field: null);
        Assert.Contains("empty file", ex.Message, StringComparison.Ordinal);
        Assert.Contains("# edge-lstm replay v1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Missing_Version_Line_Quoting_What_Was_Found()
    {
        var ex = Fail(ImuOdomHeader + "0.1,1,2,3,4,5,6,,\n");
        AssertLocated(ex, line: 1, column: null, field: null);
        Assert.Contains("found 't,ax,ay,az,gx,gy,gz,v,w'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Wrong_Version_Quoting_What_Was_Found()
    {
        var ex = Fail("# edge-lstm replay v2\n" + ImuOdomHeader);
        AssertLocated(ex, line: 1, column: null, field: null);
        Assert.Contains("expected '# edge-lstm replay v1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("found '# edge-lstm replay v2'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Missing_Header_After_Metadata()
    {
        var ex = Fail(VersionLine + "# source: bench\n# licence: MIT\n");
        AssertLocated(ex, line: 4, column: null, field: null);
        Assert.Contains("missing header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Header_Without_Time_Column()
    {
        var ex = Fail(VersionLine + "# source: bench\ntime,ax,ay,az,gx,gy,gz\n");
        AssertLocated(ex, line: 3, column: null, field: "t");
        Assert.Contains("no 't' column", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Header_Without_Any_Known_Group()
    {
        var ex = Fail(VersionLine + "t,temperature,pressure\n0.1,20,1013\n");
        AssertLocated(ex, line: 2, column: null, field: null);
        Assert.Contains("no known column group", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Duplicated_Column_Naming_The_Second_Occurrence()
    {
        var ex = Fail(VersionLine + "t,v,w,gt_x,gt_y,gt_yaw,v\n");
        AssertLocated(ex, line: 2, column: 7, field: "v");
        Assert.Contains("duplicated column 'v'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("column 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Group_Only_Partly_Present_In_Header()
    {
        var ex = Fail(VersionLine + "t,v,w,gt_x,gt_yaw\n");
        AssertLocated(ex, line: 2, column: 4, field: "gt_x");
        Assert.Contains("incomplete ground truth group", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not gt_y", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Wheel_Ticks_Without_Ticks_Per_Meter_Naming_Header_Line_And_Column()
    {
        var ex = Fail(VersionLine + "# track_width_m: 0.3\nt,v,w,enc_left,enc_right\n");
        AssertLocated(ex, line: 3, column: 4, field: "enc_left");
        Assert.Contains("'ticks_per_meter'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Wheel_Ticks_Without_Track_Width()
    {
        var ex = Fail(VersionLine + "# ticks_per_meter: 4096\nt,enc_left,enc_right\n");
        AssertLocated(ex, line: 3, column: 2, field: "enc_left");
        Assert.Contains("'track_width_m'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Wheel_Speeds_Without_Track_Width()
    {
        var ex = Fail(VersionLine + "# ticks_per_meter: 4096\nt,ax,ay,az,gx,gy,gz,v_left,v_right\n");
        AssertLocated(ex, line: 3, column: 8, field: "v_left");
        Assert.Contains("'track_width_m'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wide")]
    [InlineData("0")]
    [InlineData("-0.3")]
    public void Rejects_Geometry_Metadata_That_Is_Not_A_Positive_Number(string value)
    {
        var ex = Fail(VersionLine + "# source: bench\n# track_width_m: " + value + "\nt,v_left,v_right\n");
        AssertLocated(ex, line: 3, column: null, field: "track_width_m");
        Assert.Contains($"'{value}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("positive number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Geometry_Metadata_Given_Twice()
    {
        var ex = Fail(VersionLine + "# track_width_m: 0.3\n# track_width_m: 0.4\nt,v_left,v_right\n");
        AssertLocated(ex, line: 3, column: null, field: "track_width_m");
        Assert.Contains("first on line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Metadata_Line_Without_Key()
    {
        var ex = Fail(VersionLine + "# just a remark\nt,v,w\n");
        AssertLocated(ex, line: 2, column: null, field: null);
        Assert.Contains("'# key: value'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Row_With_Empty_Time_Cell()
    {
        var ex = Fail(VersionLine + ImuOdomHeader + "0.1,,,,,,,1,0\n ,,,,,,,1,0\n");
        AssertLocated(ex, line: 4, column: 1, field: "t");
        Assert.Contains("empty 't' cell", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12.5")]
    [InlineData("1e3")]
    [InlineData("x")]
    public void Rejects_Tick_Count_That_Is_Not_An_Integer(string text)
    {
        var ex = Fail(VersionLine + "# ticks_per_meter: 4096\n# track_width_m: 0.3\nt,enc_left,enc_right\n0.1,10," + text + "\n");
        AssertLocated(ex, line: 5, column: 3, field: "enc_right");
        Assert.Contains($"'{text}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("integer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_Blank_Line_Inside_The_Data()
    {
        var ex = Fail(VersionLine + ImuOdomHeader + "0.1,,,,,,,1,0\n\n0.2,,,,,,,1,0\n");
        AssertLocated(ex, line: 4, column: null, field: null);
        Assert.Contains("blank line", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_Garbage_Is_Shortened_And_Kept_On_One_Line()
    {
        var garbage = new string('x', 500) + "\u0001\u0007";
        var ex = Fail(VersionLine + ImuOdomHeader + $"0.1,{garbage},2,3,4,5,6,,\n");
        AssertLocated(ex, line: 3, column: 2, field: "ax");
        Assert.True(ex.Message.Length < 300, ex.Message);
        Assert.DoesNotContain('\u0001', ex.Message);
    }

    [Fact]
    public void Errors_In_Rows_Surface_Only_When_The_Row_Is_Read()
    {
        // Streaming: the rows before a bad one are delivered before the error.
        using var reader = new ReplayReader(new StringReader(VersionLine + ImuOdomHeader + "0.1,,,,,,,1,0\n0.2,,,,,,,1,0\n0.3,,,,,,,bad,0\n"), File);
        using var events = reader.ReadEvents().GetEnumerator();
        Assert.True(events.MoveNext());
        Assert.True(events.MoveNext());
        var ex = Assert.Throws<ReplayFormatException>(() => events.MoveNext());
        AssertLocated(ex, line: 5, column: 8, field: "v");
    }

    private static ReplayFormatException Fail(string content) =>
        Assert.Throws<ReplayFormatException>(() =>
        {
            using var reader = new ReplayReader(new StringReader(content), File);
            foreach (var e in reader.ReadEvents())
            {
                _ = e;
            }
        });

    private static void AssertLocated(ReplayFormatException ex, int line, int? column, string? field)
    {
        Assert.Equal(File, ex.File);
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        Assert.Equal(field, ex.Field);
        var prefix = column is { } c ? $"{File}:{line}:{c}: " : $"{File}:{line}: ";
        Assert.StartsWith(prefix, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain('\r', ex.Message);
        if (field is not null)
        {
            Assert.Contains($"'{field}'", ex.Message, StringComparison.Ordinal);
        }
    }
}
