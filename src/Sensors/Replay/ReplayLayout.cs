using System.Collections.Frozen;
using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Replay;

/// <summary>
/// Where each known column sits in the rows of one file, built from its header row. Unknown
/// columns keep their place (they count as cells) but are never looked at.
/// </summary>
internal sealed class ReplayLayout
{
    // Indexed by (int)SensorEventKind: the 0-based cell of each group column in payload order, or null.
    private readonly int[]?[] _groupCells;

    private ReplayLayout(string[] names, int timeCell, int[]?[] groupCells)
    {
        Names = names;
        TimeCell = timeCell;
        _groupCells = groupCells;
        PresentKinds = [.. ReplayColumns.CanonicalOrder.ToArray().Where(k => groupCells[(int)k] is not null)];
        Kinds = PresentKinds.ToFrozenSet();
    }

    /// <summary>Header cells as written (trimmed).</summary>
    public string[] Names { get; }

    public int CellCount => Names.Length;

    public int TimeCell { get; }

    /// <summary>The groups present, in canonical order.</summary>
    public SensorEventKind[] PresentKinds { get; }

    public IReadOnlySet<SensorEventKind> Kinds { get; }

    public ReadOnlySpan<int> CellsOf(SensorEventKind kind) => _groupCells[(int)kind];

    public static ReplayLayout Parse(string header, int line, string file, RobotGeometry geometry)
    {
        // Once per file, so a plain Split is fine here (unlike the per-row path).
        var names = header.Split(',', StringSplitOptions.TrimEntries);
        var timeCell = -1;
        var groupCells = new int[]?[ReplayColumns.KindCount];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);

        for (var cell = 0; cell < names.Length; cell++)
        {
            var name = names[cell];
            if (name.Length == 0)
            {
                continue;
            }

            if (!seen.TryAdd(name, cell))
            {
                throw new ReplayFormatException(file, line, cell + 1, name,
                    $"duplicated column '{name}' (first in column {seen[name] + 1}): expected each column once");
            }

            if (name == ReplayColumns.Time)
            {
                timeCell = cell;
            }
            else if (ReplayColumns.TryFindColumn(name, out var kind, out var position))
            {
                var cells = groupCells[(int)kind] ??= NewUnfilled(ReplayColumns.ColumnsOf(kind).Count);
                cells[position] = cell;
            }
        }

        if (timeCell < 0)
        {
            throw new ReplayFormatException(file, line, null, ReplayColumns.Time,
                $"header {ReplayFormatException.Quote(header)} has no '{ReplayColumns.Time}' column: expected a header such as 't,ax,ay,az,gx,gy,gz'");
        }

        var anyGroup = false;
        foreach (var kind in ReplayColumns.CanonicalOrder)
        {
            if (groupCells[(int)kind] is { } cells)
            {
                CheckComplete(kind, cells, names, file, line);
                CheckMetadata(kind, cells, geometry, file, line);
                anyGroup = true;
            }
        }

        if (!anyGroup)
        {
            throw new ReplayFormatException(file, line, null, null,
                $"header {ReplayFormatException.Quote(header)} has no known column group: expected at least one of "
                + "'ax ay az gx gy gz', 'enc_left enc_right', 'v_left v_right', 'v w', 'gt_x gt_y gt_yaw'");
        }

        return new ReplayLayout(names, timeCell, groupCells);
    }

    private static int[] NewUnfilled(int count)
    {
        var cells = new int[count];
        Array.Fill(cells, -1);
        return cells;
    }

    // A group is all-or-none in the header too: half an IMU cannot become an event.
    private static void CheckComplete(SensorEventKind kind, int[] cells, string[] names, string file, int line)
    {
        if (Array.IndexOf(cells, -1) < 0)
        {
            return;
        }

        var columns = ReplayColumns.ColumnsOf(kind);
        var present = columns.Where((_, i) => cells[i] >= 0).ToArray();
        var missing = columns.Where((_, i) => cells[i] < 0).ToArray();
        var firstPresent = cells.First(c => c >= 0);
        throw new ReplayFormatException(file, line, firstPresent + 1, names[firstPresent],
            $"incomplete {ReplayColumns.GroupName(kind)} group in header (at '{names[firstPresent]}'): has {string.Join(", ", present)} but not {string.Join(", ", missing)}; "
            + $"expected all of {string.Join(" ", columns)} or none");
    }

    private static void CheckMetadata(SensorEventKind kind, int[] cells, RobotGeometry geometry, string file, int line)
    {
        foreach (var key in ReplayColumns.RequiredMetadata(kind))
        {
            if (!ReplayColumns.HasMetadata(geometry, key))
            {
                var name = ReplayColumns.ColumnsOf(kind)[0];
                throw new ReplayFormatException(file, line, cells[0] + 1, name,
                    $"column '{name}' needs metadata '{key}': expected a line '# {key}: <number>' before the header");
            }
        }
    }
}
