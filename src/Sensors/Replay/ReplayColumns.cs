using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Replay;

/// <summary>
/// The replay v1 vocabulary: the time column, the column group of each event kind (in the order
/// of the event's payload) and the metadata each group depends on. The reader and the writer
/// both take the format from here so that they cannot drift apart.
/// </summary>
internal static class ReplayColumns
{
    public const string Time = "t";

    public const string TicksPerMeterKey = "ticks_per_meter";

    public const string TrackWidthKey = "track_width_m";

    public const int KindCount = 5;

    /// <summary>The largest number of columns in one group (IMU), for per-row scratch buffers.</summary>
    public const int MaxGroupWidth = 6;

    // Indexed by (int)SensorEventKind; the enum order is also the canonical column order.
    private static readonly string[][] GroupColumns =
    [
        ["ax", "ay", "az", "gx", "gy", "gz"],
        ["enc_left", "enc_right"],
        ["v_left", "v_right"],
        ["v", "w"],
        ["gt_x", "gt_y", "gt_yaw"],
    ];

    private static readonly string[] GroupNames = ["imu", "wheel ticks", "wheel speeds", "odometry", "ground truth"];

    // Ticks need the tick scale and the track to become odometry; wheel speeds only the track.
    private static readonly string[][] RequiredMetadataKeys =
    [
        [],
        [TicksPerMeterKey, TrackWidthKey],
        [TrackWidthKey],
        [],
        [],
    ];

    private static readonly SensorEventKind[] Kinds =
    [
        SensorEventKind.Imu,
        SensorEventKind.WheelTicks,
        SensorEventKind.WheelSpeeds,
        SensorEventKind.Odometry,
        SensorEventKind.GroundTruth,
    ];

    /// <summary>Every kind, in canonical order (the order of columns and of events within a row).</summary>
    public static ReadOnlySpan<SensorEventKind> CanonicalOrder => Kinds;

    public static IReadOnlyList<string> ColumnsOf(SensorEventKind kind) => GroupColumns[Index(kind)];

    public static string GroupName(SensorEventKind kind) => GroupNames[Index(kind)];

    public static IReadOnlyList<string> RequiredMetadata(SensorEventKind kind) => RequiredMetadataKeys[Index(kind)];

    /// <summary>Finds which group a column name belongs to, and its position within the group.</summary>
    public static bool TryFindColumn(string name, out SensorEventKind kind, out int position)
    {
        for (var k = 0; k < GroupColumns.Length; k++)
        {
            var position0 = Array.IndexOf(GroupColumns[k], name);
            if (position0 >= 0)
            {
                kind = Kinds[k];
                position = position0;
                return true;
            }
        }

        kind = default;
        position = -1;
        return false;
    }

    public static bool HasMetadata(RobotGeometry geometry, string key) => key switch
    {
        TicksPerMeterKey => geometry.TicksPerMeter is not null,
        TrackWidthKey => geometry.TrackWidthMeters is not null,
        _ => false,
    };

    private static int Index(SensorEventKind kind)
    {
        var index = (int)kind;
        if ((uint)index >= KindCount)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a replay column group.");
        }

        return index;
    }
}
