namespace EdgeLstm.Sensors.Replay;

/// <summary>
/// Reads the lines of a replay file, counting them for error messages, and turns the exceptions
/// of a damaged gzip stream into a located <see cref="ReplayFormatException"/>.
/// </summary>
internal sealed class ReplayLineReader : IDisposable
{
    private readonly TextReader _reader;

    public ReplayLineReader(TextReader reader, string file)
    {
        _reader = reader;
        File = file;
    }

    public string File { get; }

    /// <summary>1-based number of the line returned last (0 before the first).</summary>
    public int LineNumber { get; private set; }

    public string? ReadLine()
    {
        string? line;
        try
        {
            line = _reader.ReadLine();
        }
        catch (InvalidDataException ex)
        {
            throw Damaged(ex);
        }
        catch (EndOfStreamException ex)
        {
            throw Damaged(ex);
        }

        if (line is not null)
        {
            LineNumber++;
        }

        return line;
    }

    public void Dispose() => _reader.Dispose();

    // Located at the line that could not be read; the text names the last line that was read whole.
    private ReplayFormatException Damaged(Exception ex) =>
        new(File, LineNumber + 1, null, null,
            $"compressed data is truncated or corrupt after line {LineNumber}: expected a complete gzip stream", ex);
}
