using System.IO.Compression;
using System.Text;
using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Replay;

/// <summary>
/// Writes sensor events as a replay v1 file, one row per event. The output is deterministic:
/// the same events and metadata give a byte-identical file (fixed column order, fixed number
/// formats, "\n" line endings), so recordings can be compared and checked in.
/// </summary>
public sealed class ReplayWriter : IDisposable
{
    private const int BufferSize = 64 * 1024;

    // Long enough for a row of every group: 16 cells of at most ~20 characters each.
    private const int RowBufferSize = 512;

    private readonly TextWriter _writer;
    private readonly SensorEventKind[] _groups;
    private readonly char[] _row = new char[RowBufferSize];
    private long _lastTimestampNs = long.MinValue;
    private bool _disposed;

    /// <summary>
    /// Writes the version line, metadata and header to <paramref name="writer"/> at once, which
    /// the new instance owns from then on (it is disposed with it).
    /// </summary>
    /// <param name="groups">The column groups of the file; order and repeats do not matter.</param>
    /// <param name="metadata">"# key: value" lines, in order; keys and values are trimmed.</param>
    public ReplayWriter(TextWriter writer, IEnumerable<SensorEventKind> groups, IEnumerable<KeyValuePair<string, string>> metadata)
        : this(writer, Prepare(groups, metadata))
    {
    }

    private ReplayWriter(TextWriter writer, (SensorEventKind[] Groups, List<KeyValuePair<string, string>> Metadata) prepared)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _groups = prepared.Groups;
        WritePreamble(prepared.Metadata);
    }

    /// <summary>Rows written so far (one per event).</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Creates (or overwrites) a replay file; a ".gz" suffix makes it gzip.</summary>
    public static ReplayWriter Create(string path, IEnumerable<SensorEventKind> groups, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        // Arguments are checked before the file is touched, so a bad call leaves no empty file behind.
        var prepared = Prepare(groups, metadata);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, BufferSize);
        StreamWriter? text = null;
        try
        {
            Stream content = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(file, CompressionLevel.Optimal)
                : file;
            text = new StreamWriter(content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferSize);
            return new ReplayWriter(text, prepared);
        }
        catch
        {
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

    /// <summary>
    /// Appends one row holding <paramref name="e"/>; the cells of the other groups stay empty.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The event's kind is not one of the file's groups, its time is before the previous event's,
    /// or a value is not finite (as float32) or a tick count is beyond ±2^53: a file the reader
    /// would reject is never written.
    /// </exception>
    public void Write(in SensorEvent e)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Array.IndexOf(_groups, e.Kind) < 0)
        {
            throw new ArgumentException(
                $"Event kind {e.Kind} is not among this file's groups ({string.Join(", ", _groups)}).", nameof(e));
        }

        if (e.TimestampNs < _lastTimestampNs)
        {
            throw new ArgumentException(
                $"Event time {e.TimeSeconds:F9} s is before the previous event's {Time.ToSeconds(_lastTimestampNs):F9} s; replay times must be non-decreasing.",
                nameof(e));
        }

        CheckPayload(e);
        var row = _row.AsSpan();
        var length = Append(row, 0, ReplayNumbers.TryFormatTime(e.TimestampNs, row, out var written), written);
        foreach (var kind in _groups)
        {
            length = kind == e.Kind ? AppendValues(row, length, e) : AppendEmpty(row, length, ReplayColumns.ColumnsOf(kind).Count);
        }

        row[length++] = '\n';
        _writer.Write(row[..length]);
        _lastTimestampNs = e.TimestampNs;
        RowsWritten++;
    }

    /// <summary>
    /// Pushes everything written so far to the file: through the gzip stream's sync flush for
    /// ".gz", so a reader (or a crash) sees every complete row up to here.
    /// </summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _writer.Flush();
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _writer.Dispose();
        }
    }

    private static (SensorEventKind[] Groups, List<KeyValuePair<string, string>> Metadata) Prepare(
        IEnumerable<SensorEventKind> groups, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(metadata);

        var set = groups.ToHashSet();
        foreach (var kind in set)
        {
            if (!Enum.IsDefined(kind))
            {
                throw new ArgumentException($"{kind} is not a replay column group.", nameof(groups));
            }
        }

        // Canonical order whatever the caller's order: part of the determinism promise.
        var ordered = ReplayColumns.CanonicalOrder.ToArray().Where(set.Contains).ToArray();
        if (ordered.Length == 0)
        {
            throw new ArgumentException("A replay file needs at least one column group.", nameof(groups));
        }

        var lines = new List<KeyValuePair<string, string>>();
        foreach (var (rawKey, rawValue) in metadata)
        {
            var key = (rawKey ?? string.Empty).Trim();
            var value = (rawValue ?? string.Empty).Trim();
            if (key.Length == 0 || key.Contains(':', StringComparison.Ordinal) || HasControl(key) || HasControl(value))
            {
                throw new ArgumentException(
                    $"Metadata key '{rawKey}' cannot be written as '# key: value' (empty key, ':' in the key, or a line break).", nameof(metadata));
            }

            lines.Add(new(key, value));
        }

        CheckGeometry(ordered, lines);
        return (ordered, lines);
    }

    // The reader rejects ticks or wheel speeds without the geometry to interpret them; so do we.
    private static void CheckGeometry(SensorEventKind[] groups, List<KeyValuePair<string, string>> metadata)
    {
        foreach (var kind in groups)
        {
            foreach (var key in ReplayColumns.RequiredMetadata(kind))
            {
                var values = metadata.Where(m => m.Key == key).Select(m => m.Value).ToList();
                if (values.Count != 1 || !ReplayNumbers.TryParsePositive(values[0], out _))
                {
                    throw new ArgumentException(
                        $"The {ReplayColumns.GroupName(kind)} group needs exactly one metadata '{key}' with a positive number.", nameof(metadata));
                }
            }
        }
    }

    private static bool HasControl(string text) => text.AsSpan().ContainsAnyInRange('\0', '\x1f');

    private static int Append(Span<char> row, int length, bool formatted, int written)
    {
        if (!formatted)
        {
            // Cannot happen with RowBufferSize sized for the widest row; fail loudly rather than truncate.
            throw new InvalidOperationException("Replay row buffer too small.");
        }

        return length + written;
    }

    private static int AppendEmpty(Span<char> row, int length, int cells)
    {
        row.Slice(length, cells).Fill(',');
        return length + cells;
    }

    // Checked before anything is formatted, so a rejected event leaves no half row behind.
    private static void CheckPayload(in SensorEvent e)
    {
        if (e.Kind == SensorEventKind.WheelTicks)
        {
            if (Math.Abs(e.TicksLeft) > ReplayNumbers.MaxTicks || Math.Abs(e.TicksRight) > ReplayNumbers.MaxTicks)
            {
                throw new ArgumentException($"Tick counts {e.TicksLeft}, {e.TicksRight} are beyond ±2^53.", nameof(e));
            }

            return;
        }

        Span<double> values = stackalloc double[ReplayColumns.MaxGroupWidth];
        foreach (var value in Payload(e, values))
        {
            // The file holds float32 precision; a double beyond float range would become infinity.
            if (!float.IsFinite((float)value))
            {
                throw new ArgumentException($"Value {value:R} in a {ReplayColumns.GroupName(e.Kind)} event is NaN or infinite as float32; replay files hold finite numbers only.", nameof(e));
            }
        }
    }

    private static ReadOnlySpan<double> Payload(in SensorEvent e, Span<double> values)
    {
        switch (e.Kind)
        {
            case SensorEventKind.Imu:
                values[0] = e.Ax;
                values[1] = e.Ay;
                values[2] = e.Az;
                values[3] = e.Gx;
                values[4] = e.Gy;
                values[5] = e.Gz;
                return values[..6];
            case SensorEventKind.WheelSpeeds:
                values[0] = e.SpeedLeft;
                values[1] = e.SpeedRight;
                return values[..2];
            case SensorEventKind.Odometry:
                values[0] = e.V;
                values[1] = e.W;
                return values[..2];
            default:
                values[0] = e.X;
                values[1] = e.Y;
                values[2] = e.Yaw;
                return values[..3];
        }
    }

    private static int AppendValues(Span<char> row, int length, in SensorEvent e)
    {
        if (e.Kind == SensorEventKind.WheelTicks)
        {
            length = AppendCell(row, length, ReplayNumbers.TryFormatTicks(e.TicksLeft, row[(length + 1)..], out var left), left);
            return AppendCell(row, length, ReplayNumbers.TryFormatTicks(e.TicksRight, row[(length + 1)..], out var right), right);
        }

        Span<double> values = stackalloc double[ReplayColumns.MaxGroupWidth];
        foreach (var value in Payload(e, values))
        {
            length = AppendCell(row, length, ReplayNumbers.TryFormatReal(value, row[(length + 1)..], out var written), written);
        }

        return length;
    }

    // The value has been formatted just after the separator's slot; put the separator in front.
    private static int AppendCell(Span<char> row, int length, bool formatted, int written)
    {
        row[length] = ',';
        return Append(row, length + 1, formatted, written);
    }

    private void WritePreamble(List<KeyValuePair<string, string>> metadata)
    {
        var text = new StringBuilder();
        text.Append(ReplayPreamble.VersionLine).Append('\n');
        foreach (var (key, value) in metadata)
        {
            text.Append("# ").Append(key).Append(':');
            if (value.Length > 0)
            {
                text.Append(' ').Append(value);
            }

            text.Append('\n');
        }

        var header = _groups.SelectMany(ReplayColumns.ColumnsOf).Prepend(ReplayColumns.Time);
        text.AppendJoin(',', header).Append('\n');
        _writer.Write(text);
    }
}
