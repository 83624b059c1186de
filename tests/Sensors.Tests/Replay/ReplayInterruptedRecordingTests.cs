using System.Text;
using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Replay;
using static EdgeLstm.Sensors.Tests.Replay.ReplayTestSupport;

namespace EdgeLstm.Sensors.Tests.Replay;

/// <summary>
/// A recording cut by a crash or power loss ends in an unterminated, incomplete row: the reader
/// stops there quietly. Everything else that is malformed still fails with file:line:column.
/// </summary>
public sealed class ReplayInterruptedRecordingTests
{
    private const string ImuOdomHeader = "t,ax,ay,az,gx,gy,gz,v,w\n";

    [Fact]
    public void A_File_Cut_At_Every_Byte_Of_Its_Last_Rows_Reads_Back_To_The_Last_Complete_Row()
    {
        using var dir = new TempDir();
        var events = SampleEvents(60);
        var path = dir.File("recording.csv");
        using (var writer = ReplayWriter.Create(path, AllKinds, GeometryMetadata))
        {
            foreach (var e in events)
            {
                writer.Write(e);
            }
        }

        var bytes = File.ReadAllBytes(path);
        var rowEnds = RowEnds(bytes, events.Count);
        var cut = dir.File("cut.csv");
        var firstCut = rowEnds[^6];
        var partials = 0;
        var fullLooking = 0;
        for (var length = firstCut; length <= bytes.Length; length++)
        {
            File.WriteAllBytes(cut, bytes.AsSpan(0, length).ToArray());
            using var reader = ReplayReader.Open(cut);
            var read = reader.ReadEvents().ToList();
            var complete = rowEnds.Count(end => end <= length);
            var atBoundary = rowEnds.Contains(length);

            AssertSameEvents(events[..complete], read[..Math.Min(complete, read.Count)]);
            if (atBoundary)
            {
                Assert.Equal(complete, read.Count);
                Assert.Null(reader.PartialRowLine);
            }
            else if (read.Count == complete)
            {
                // The interrupted row: the line after the preamble's 5 lines and the complete rows.
                Assert.Equal(5 + complete + 1, reader.PartialRowLine);
                partials++;
            }
            else
            {
                // A cut inside the last number that still reads as a row: parsed, as a row
                // without a final newline from any other tool is.
                Assert.Equal(complete + 1, read.Count);
                Assert.Equal(events[complete].Kind, read[^1].Kind);
                Assert.Equal(events[complete].TimestampNs, read[^1].TimestampNs);
                Assert.Null(reader.PartialRowLine);
                fullLooking++;
            }
        }

        Assert.True(partials > 50, $"only {partials} cuts gave an interrupted row");
        Assert.True(fullLooking > 0, "no cut landed inside a final number");
    }

    [Fact]
    public void A_Bad_Row_In_The_Middle_Of_A_Cut_Recording_Still_Fails_With_File_Line_Column()
    {
        var content = VersionLine + ImuOdomHeader + "0.1,1,2,3,4,5,6,,\n0.2,1,2,x3,4,5,6,,\n0.3,,,,,,,1.5,0.2\n0.4,1,2,3";
        var ex = Assert.Throws<ReplayFormatException>(() => ReadText(content, "cut.csv"));
        Assert.StartsWith("cut.csv:4:4: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.4,1,2,3", 4)]                 // too few cells
    [InlineData("0.4,,,,,,,1.5,", 4)]            // last cell empty: a half-filled group
    [InlineData("0.4,,,,,,,1.5,-", 4)]           // the sign of the last number
    [InlineData("0.4,,,,,,,1.5,1e", 4)]          // a number cut inside its exponent
    public void An_Unterminated_Incomplete_Final_Row_Ends_The_File_Quietly(string last, int line)
    {
        using var reader = new ReplayReader(new StringReader(VersionLine + ImuOdomHeader + "0.1,1,2,3,4,5,6,,\n" + last), "cut.csv");
        var read = reader.ReadEvents().ToList();
        Assert.Single(read);
        Assert.Equal(line, reader.PartialRowLine);
    }

    [Theory]
    [InlineData("0.4,1,2,3\n", 4, 5)]            // too few cells, but the line was complete
    [InlineData("0.4,,,,,,,1.5,\n", 4, 9)]       // half-filled, but the line was complete
    [InlineData("0.05,,,,,,,1.5,0.2", 4, 1)]     // time going backwards is not a cut
    [InlineData("0.4,1,2,oops,4,5,6,,", 4, 4)]   // a bad value before the last cell is not a cut
    [InlineData("0.4,,,,,,,1.5,nan", 4, 9)]      // nor is a word in the last cell
    [InlineData("0.4,,,,,,,1.5,2,7", 4, 10)]     // nor a cell too many
    public void Any_Other_Malformed_Final_Row_Still_Throws(string last, int line, int column)
    {
        var content = VersionLine + ImuOdomHeader + "0.1,1,2,3,4,5,6,,\n" + last;
        var ex = Assert.Throws<ReplayFormatException>(() => ReadText(content, "cut.csv"));
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
    }

    [Fact]
    public void A_Complete_Final_Row_Without_Newline_Is_Read()
    {
        using var reader = new ReplayReader(new StringReader(VersionLine + ImuOdomHeader + "0.1,1,2,3,4,5,6,,\n0.2,,,,,,,1.5,0.25"), "hand.csv");
        var read = reader.ReadEvents().ToList();
        Assert.Equal(2, read.Count);
        Assert.Equal(0.25, read[1].W);
        Assert.Null(reader.PartialRowLine);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Line_Reader_Knows_Whether_Each_Line_Was_Terminated_Across_Buffer_Refills(string newline)
    {
        // Lines longer than the 4096-character buffer, and terminators that fall on its edges.
        var lines = new[] { new string('a', 4095), new string('b', 4096), string.Empty, new string('c', 9000), "d" };
        var text = string.Join(newline, lines);
        using var reader = new ReplayLineReader(new StringReader(text + newline + "tail"), "lines.csv");
        foreach (var expected in lines)
        {
            Assert.Equal(expected, reader.ReadLine());
            Assert.True(reader.LastLineTerminated);
        }

        Assert.Equal("tail", reader.ReadLine());
        Assert.False(reader.LastLineTerminated);
        Assert.Null(reader.ReadLine());
        Assert.Equal(lines.Length + 1, reader.LineNumber);
    }

    [Fact]
    public void Line_Reader_Splits_Like_TextReader_ReadLine()
    {
        var random = new Random(3);
        var alphabet = "ab,\r\n";
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(alphabet[random.Next(alphabet.Length)]);
        }

        using var expected = new StringReader(text.ToString());
        using var actual = new ReplayLineReader(new StringReader(text.ToString()), "random.csv");
        while (expected.ReadLine() is { } line)
        {
            Assert.Equal(line, actual.ReadLine());
        }

        Assert.Null(actual.ReadLine());
    }

    // Byte offsets just past each data row's "\n" (the last `rows` newlines of the file).
    private static int[] RowEnds(byte[] bytes, int rows)
    {
        var ends = new List<int>();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                ends.Add(i + 1);
            }
        }

        return [.. ends[^rows..]];
    }
}
