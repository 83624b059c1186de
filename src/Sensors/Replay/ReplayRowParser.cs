using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Replay;

/// <summary>
/// Turns one data row into its events. Cells are located once per row into reusable offset
/// arrays and parsed as spans of the line, so a row costs no allocation beyond the line itself.
/// </summary>
internal sealed class ReplayRowParser
{
    private readonly ReplayLayout _layout;
    private readonly string _file;
    private readonly int[] _cellStart;
    private readonly int[] _cellLength;
    private readonly double[] _values = new double[ReplayColumns.MaxGroupWidth];
    private double _previousTime = double.NegativeInfinity;
    private int _previousLine;

    public ReplayRowParser(ReplayLayout layout, string file)
    {
        _layout = layout;
        _file = file;
        _cellStart = new int[layout.CellCount];
        _cellLength = new int[layout.CellCount];
    }

    /// <summary>Parses a row into <paramref name="events"/> (canonical kind order) and returns how many it holds.</summary>
    public int Parse(string line, int lineNumber, Span<SensorEvent> events)
    {
        LocateCells(line, lineNumber);
        var timestampNs = ParseTime(line, lineNumber);

        var count = 0;
        foreach (var kind in _layout.PresentKinds)
        {
            if (TryParseGroup(kind, line, lineNumber, timestampNs, out var e))
            {
                events[count++] = e;
            }
        }

        return count;
    }

    private ReadOnlySpan<char> Cell(string line, int cell) => line.AsSpan(_cellStart[cell], _cellLength[cell]).Trim();

    private void LocateCells(string line, int lineNumber)
    {
        var expected = _layout.CellCount;
        var start = 0;
        var cell = 0;
        while (true)
        {
            var comma = line.AsSpan(start).IndexOf(',');
            var end = comma < 0 ? line.Length : start + comma;
            if (cell == expected)
            {
                throw TooMany(line, lineNumber);
            }

            _cellStart[cell] = start;
            _cellLength[cell] = end - start;
            cell++;
            if (comma < 0)
            {
                break;
            }

            start = end + 1;
        }

        if (cell < expected)
        {
            throw new ReplayFormatException(_file, lineNumber, cell + 1, _layout.Names[cell],
                $"too few cells: expected {expected} as in the header, found {cell} (no cell for '{_layout.Names[cell]}')");
        }
    }

    private ReplayFormatException TooMany(string line, int lineNumber)
    {
        var found = line.AsSpan().Count(',') + 1;
        return new ReplayFormatException(_file, lineNumber, _layout.CellCount + 1, null,
            $"too many cells: expected {_layout.CellCount} as in the header, found {found}");
    }

    private long ParseTime(string line, int lineNumber)
    {
        var cell = _layout.TimeCell;
        var text = Cell(line, cell);
        if (text.IsEmpty)
        {
            throw new ReplayFormatException(_file, lineNumber, cell + 1, ReplayColumns.Time,
                $"empty '{ReplayColumns.Time}' cell: expected the time in seconds in every data row");
        }

        var seconds = ReplayNumbers.ParseReal(text, _file, lineNumber, cell + 1, ReplayColumns.Time);
        if (Math.Abs(seconds) > ReplayNumbers.MaxAbsSeconds)
        {
            throw new ReplayFormatException(_file, lineNumber, cell + 1, ReplayColumns.Time,
                $"time {ReplayFormatException.Quote(text)} is out of range: expected seconds within ±{ReplayNumbers.MaxAbsSeconds:G3}");
        }

        if (seconds < _previousTime)
        {
            throw new ReplayFormatException(_file, lineNumber, cell + 1, ReplayColumns.Time,
                $"time goes backwards: '{ReplayColumns.Time}' = {ReplayFormatException.Quote(text)} after {_previousTime:R} on line {_previousLine}; expected non-decreasing times");
        }

        _previousTime = seconds;
        _previousLine = lineNumber;
        return Time.ToNanos(seconds);
    }

    private bool TryParseGroup(SensorEventKind kind, string line, int lineNumber, long timestampNs, out SensorEvent e)
    {
        var cells = _layout.CellsOf(kind);
        var filled = 0;
        foreach (var cell in cells)
        {
            if (!Cell(line, cell).IsEmpty)
            {
                filled++;
            }
        }

        e = default;
        if (filled == 0)
        {
            return false;
        }

        if (filled < cells.Length)
        {
            throw HalfFilled(kind, line, lineNumber);
        }

        var columns = ReplayColumns.ColumnsOf(kind);
        if (kind == SensorEventKind.WheelTicks)
        {
            var left = ReplayNumbers.ParseTicks(Cell(line, cells[0]), _file, lineNumber, cells[0] + 1, columns[0]);
            var right = ReplayNumbers.ParseTicks(Cell(line, cells[1]), _file, lineNumber, cells[1] + 1, columns[1]);
            e = SensorEvent.WheelTicks(timestampNs, left, right);
            return true;
        }

        var v = _values;
        for (var i = 0; i < cells.Length; i++)
        {
            v[i] = ReplayNumbers.ParseReal(Cell(line, cells[i]), _file, lineNumber, cells[i] + 1, columns[i]);
        }

        e = kind switch
        {
            SensorEventKind.Imu => SensorEvent.Imu(timestampNs, v[0], v[1], v[2], v[3], v[4], v[5]),
            SensorEventKind.WheelSpeeds => SensorEvent.WheelSpeeds(timestampNs, v[0], v[1]),
            SensorEventKind.Odometry => SensorEvent.Odometry(timestampNs, v[0], v[1]),
            _ => SensorEvent.GroundTruth(timestampNs, v[0], v[1], v[2]),
        };
        return true;
    }

    // Only on the error path, so the allocations of the message do not matter.
    private ReplayFormatException HalfFilled(SensorEventKind kind, string line, int lineNumber)
    {
        var cells = _layout.CellsOf(kind).ToArray();
        var columns = ReplayColumns.ColumnsOf(kind);
        var filled = columns.Where((_, i) => !Cell(line, cells[i]).IsEmpty).ToArray();
        var empty = columns.Where((_, i) => Cell(line, cells[i]).IsEmpty).ToArray();
        var firstEmpty = Array.FindIndex(cells, c => Cell(line, c).IsEmpty);
        return new ReplayFormatException(_file, lineNumber, cells[firstEmpty] + 1, columns[firstEmpty],
            $"half-filled {ReplayColumns.GroupName(kind)} group ('{columns[firstEmpty]}' empty): {string.Join(", ", filled)} filled but {string.Join(", ", empty)} empty; "
            + "expected all or none of its cells");
    }
}
