using System.IO.Compression;
using System.Text;
using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Replay;
using static EdgeLstm.Sensors.Tests.Replay.ReplayTestSupport;

namespace EdgeLstm.Sensors.Tests.Replay;

public sealed class ReplayGzipTests
{
    [Fact]
    public void Detects_Gzip_By_Magic_Bytes_Not_By_Name()
    {
        using var dir = new TempDir();
        var gzipped = dir.File("looks-plain.csv");
        var plain = dir.File("looks-gzipped.csv.gz");
        var content = VersionLine + "t,v,w\n0.1,1.5,0\n";
        using (var file = File.Create(gzipped))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(content));
        }

        File.WriteAllText(plain, content);

        Assert.Equal(1.5, ReplayReader.ReadAll(gzipped).Single().V);
        Assert.Equal(1.5, ReplayReader.ReadAll(plain).Single().V);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Truncated_Gzip_Gives_A_One_Line_Error_With_File_And_Line(double keep)
    {
        using var dir = new TempDir();
        var path = dir.File("cut.csv.gz");
        WriteSample(path, 20_000);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);

        var ex = Assert.Throws<ReplayFormatException>(() =>
        {
            foreach (var e in ReplayReader.ReadAll(path))
            {
                _ = e;
            }
        });

        Assert.Equal(path, ex.File);
        Assert.True(ex.Line > 100, ex.Message);
        Assert.StartsWith($"{path}:{ex.Line}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"after line {ex.Line - 1}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Gzip_Missing_Only_Its_Trailer_Is_Reported_As_Truncated()
    {
        using var dir = new TempDir();
        var path = dir.File("no-trailer.csv.gz");
        WriteSample(path, 500);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^8]);

        var ex = Assert.Throws<ReplayFormatException>(() => ReplayReader.ReadAll(path));

        Assert.Equal(path, ex.File);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_Gzip_Gives_A_Replay_Format_Error_Not_A_Raw_Exception()
    {
        using var dir = new TempDir();
        var path = dir.File("corrupt.csv.gz");
        WriteSample(path, 5_000);
        var bytes = File.ReadAllBytes(path);
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++)
        {
            bytes[i] ^= 0x5a;
        }

        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<ReplayFormatException>(() => ReplayReader.ReadAll(path));

        Assert.Equal(path, ex.File);
        Assert.StartsWith($"{path}:{ex.Line}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Flush_Makes_The_Rows_So_Far_Readable_From_An_Open_Gzip_File()
    {
        using var dir = new TempDir();
        var path = dir.File("live.csv.gz");
        using var writer = ReplayWriter.Create(path, [SensorEventKind.Odometry], []);
        for (var i = 0; i < 10; i++)
        {
            writer.Write(SensorEvent.Odometry(i * 1_000_000L, i, 0));
        }

        writer.Flush();

        var text = ReadAvailableGzipText(path);
        Assert.StartsWith(VersionLine + "t,v,w\n", text, StringComparison.Ordinal);
        Assert.Contains("0.009000,9,0\n", text, StringComparison.Ordinal);
    }

    private static void WriteSample(string path, int count)
    {
        using var writer = ReplayWriter.Create(path, AllKinds, GeometryMetadata);
        foreach (var e in SampleEvents(count))
        {
            writer.Write(e);
        }
    }

    // The stream has no gzip trailer yet, so decompress what is there and stop at the end.
    private static string ReadAvailableGzipText(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        var output = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            // Expected once the flushed data runs out.
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }
}
