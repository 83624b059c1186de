using System.Buffers;
using System.Text;
using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Replay;

/// <summary>
/// Reads a replay v1 file (plain or gzip) as a stream of sensor events. The version line,
/// metadata and header are read when the reader is created, so a file that cannot be replayed
/// fails at once; the rows are then read lazily, in a single pass. Every problem with the
/// content surfaces as a one-line <see cref="ReplayFormatException"/>, with one exception: a
/// final line without its line terminator that is an incomplete row is the end of a recording
/// cut by a crash or power loss (the writer ends every row with "\n"), so reading stops there
/// quietly and <see cref="PartialRowLine"/> says so.
/// </summary>
public sealed class ReplayReader : ISensorSource, IDisposable
{
    private const int BufferSize = 64 * 1024;

    private static readonly SearchValues<char> NumberCharacters = SearchValues.Create("0123456789+-.eE");

    private readonly ReplayLineReader _lines;
    private readonly ReplayLayout _layout;
    private readonly ReplayRowParser _rows;
    private bool _started;
    private bool _disposed;

    /// <summary>
    /// Reads from <paramref name="reader"/>, which the new instance owns from then on (it is
    /// disposed with it). If the preamble is invalid the constructor throws and the caller keeps it.
    /// </summary>
    /// <param name="displayName">The file name to show in error messages.</param>
    public ReplayReader(TextReader reader, string displayName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(displayName);
        _lines = new ReplayLineReader(reader, displayName);
        var preamble = ReplayPreamble.Read(_lines);
        _layout = ReplayLayout.Parse(preamble.Header, preamble.HeaderLine, displayName, preamble.Geometry);
        _rows = new ReplayRowParser(_layout, displayName);
        Metadata = preamble.Metadata;
        Geometry = preamble.Geometry;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; }

    public RobotGeometry Geometry { get; }

    public IReadOnlySet<SensorEventKind> Kinds => _layout.Kinds;

    /// <summary>
    /// The line number of an interrupted final row that <see cref="ReadEvents"/> skipped (a line
    /// without terminator that is a cut-off row: too few cells, or its last cell empty or a number
    /// cut short), or null. A final unterminated line that is a complete row is read normally,
    /// and every other malformed row throws as anywhere else in the file.
    /// </summary>
    public int? PartialRowLine { get; private set; }

    /// <summary>The header cells as written (surrounding blanks trimmed).</summary>
    public IReadOnlyList<string> Columns => _layout.Names;

    /// <summary>
    /// Opens a replay file; gzip is recognised by its magic bytes, whatever the file is called.
    /// </summary>
    public static ReplayReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        StreamReader? text = null;
        try
        {
            Stream content = StartsWithGzipMagic(file) ? new CheckedGzipStream(file) : file;
            text = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize);
            return new ReplayReader(text, path);
        }
        catch
        {
            // Disposing the text reader disposes the whole chain (gzip inflater included).
            if (text is not null)
            {
                text.Dispose();
            }
            else
            {
                file.Dispose();
            }

            throw;
        }
    }

    /// <summary>Reads a whole file into memory; for tools and tests rather than the live pipeline.</summary>
    public static List<SensorEvent> ReadAll(string path)
    {
        using var reader = Open(path);
        return [.. reader.ReadEvents()];
    }

    /// <summary>
    /// The events of the file, row by row; within a row in the order Imu, WheelTicks,
    /// WheelSpeeds, Odometry, GroundTruth, all with the row's timestamp. Single pass: the file is
    /// a stream (possibly gzip), so a second call throws rather than silently yielding nothing.
    /// </summary>
    public IEnumerable<SensorEvent> ReadEvents(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_started)
        {
            throw new InvalidOperationException("ReadEvents can be called only once per ReplayReader: a replay file is read in a single pass.");
        }

        _started = true;
        return Rows(cancellationToken);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _lines.Dispose();
        }
    }

    private static bool StartsWithGzipMagic(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    private IEnumerable<SensorEvent> Rows(CancellationToken cancellationToken)
    {
        var events = new SensorEvent[ReplayColumns.KindCount];
        var firstBlankLine = 0;
        while (_lines.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line))
            {
                // Blank lines are fine at the end of a file (editors add them); remember where
                // they started in case data follows.
                if (firstBlankLine == 0)
                {
                    firstBlankLine = _lines.LineNumber;
                }

                continue;
            }

            if (firstBlankLine != 0)
            {
                throw new ReplayFormatException(_lines.File, firstBlankLine, null, null,
                    $"blank line inside the data (more rows follow on line {_lines.LineNumber}): expected blank lines only at the end");
            }

            var count = _lines.LastLineTerminated ? _rows.Parse(line, _lines.LineNumber, events) : ParseLastLine(line, events);
            if (count < 0)
            {
                PartialRowLine = _lines.LineNumber;
                yield break;
            }

            for (var i = 0; i < count; i++)
            {
                yield return events[i];
            }
        }
    }

    // The unterminated last line: a row, or -1 for a row that a cut left incomplete. Only the
    // damage a cut can do counts as a cut: missing trailing cells, or a last cell that is empty
    // or holds the first characters of a number. Anything else (a bad value in an earlier cell,
    // time going backwards, a word in the last cell) is a malformed row and throws as usual.
    private int ParseLastLine(string line, Span<SensorEvent> events)
    {
        if (line.AsSpan().Count(',') < _layout.CellCount - 1)
        {
            return -1;
        }

        try
        {
            return _rows.Parse(line, _lines.LineNumber, events);
        }
        catch (ReplayFormatException e) when (e.Column == _layout.CellCount && IsNumberPrefix(line.AsSpan(line.LastIndexOf(',') + 1)))
        {
            return -1;
        }
    }

    private static bool IsNumberPrefix(ReadOnlySpan<char> cell) => !cell.Trim().ContainsAnyExcept(NumberCharacters);
}
