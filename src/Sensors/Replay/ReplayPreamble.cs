using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Replay;

/// <summary>
/// The part of a replay file before the data: the version line, the "# key: value" metadata
/// lines and the header row. Read eagerly so that a broken header fails at open time.
/// </summary>
internal sealed class ReplayPreamble
{
    public const string VersionLine = "# edge-lstm replay v1";

    private ReplayPreamble(List<KeyValuePair<string, string>> metadata, RobotGeometry geometry, string header, int headerLine)
    {
        Metadata = metadata;
        Geometry = geometry;
        Header = header;
        HeaderLine = headerLine;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; }

    public RobotGeometry Geometry { get; }

    public string Header { get; }

    public int HeaderLine { get; }

    public static ReplayPreamble Read(ReplayLineReader lines)
    {
        var file = lines.File;
        var first = lines.ReadLine()
            ?? throw new ReplayFormatException(file, 1, null, null, $"empty file: expected '{VersionLine}' as the first line");

        // A byte order mark survives when the caller hands us a reader that did not strip it.
        var version = first.AsSpan().TrimStart('\uFEFF').TrimEnd();
        if (!version.SequenceEqual(VersionLine))
        {
            throw new ReplayFormatException(file, 1, null, null,
                $"expected '{VersionLine}' as the first line, found {ReplayFormatException.Quote(first)}");
        }

        var metadata = new List<KeyValuePair<string, string>>();
        var geometry = new GeometryBuilder(file);
        while (true)
        {
            var line = lines.ReadLine()
                ?? throw new ReplayFormatException(file, lines.LineNumber + 1, null, null,
                    $"missing header row: expected a line such as '{ReplayColumns.Time},ax,ay,az,gx,gy,gz' after the metadata");

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!line.StartsWith('#'))
            {
                return new ReplayPreamble(metadata, geometry.Build(), line, lines.LineNumber);
            }

            var entry = ParseMetadata(line, file, lines.LineNumber);
            geometry.Add(entry, lines.LineNumber);
            metadata.Add(entry);
        }
    }

    private static KeyValuePair<string, string> ParseMetadata(string line, string file, int lineNumber)
    {
        var body = line.AsSpan(1);
        var colon = body.IndexOf(':');
        var key = colon < 0 ? default : body[..colon].Trim();
        if (key.IsEmpty)
        {
            throw new ReplayFormatException(file, lineNumber, null, null,
                $"bad metadata line {ReplayFormatException.Quote(line)}: expected '# key: value'");
        }

        return new(key.ToString(), body[(colon + 1)..].Trim().ToString());
    }

    /// <summary>Collects the geometry keys, rejecting values that are not positive numbers and repeated keys.</summary>
    private sealed class GeometryBuilder(string file)
    {
        private double? _ticksPerMeter;
        private double? _trackWidth;
        private int _ticksLine;
        private int _trackLine;

        public void Add(KeyValuePair<string, string> entry, int lineNumber)
        {
            switch (entry.Key)
            {
                case ReplayColumns.TicksPerMeterKey:
                    _ticksPerMeter = Parse(entry, lineNumber, _ticksLine);
                    _ticksLine = lineNumber;
                    break;
                case ReplayColumns.TrackWidthKey:
                    _trackWidth = Parse(entry, lineNumber, _trackLine);
                    _trackLine = lineNumber;
                    break;
                default:
                    break;
            }
        }

        public RobotGeometry Build() =>
            _ticksPerMeter is null && _trackWidth is null ? RobotGeometry.Unknown : new RobotGeometry(_ticksPerMeter, _trackWidth);

        private double Parse(KeyValuePair<string, string> entry, int lineNumber, int previousLine)
        {
            // Two values for the same geometry would silently pick one; make the recording say which.
            if (previousLine != 0)
            {
                throw new ReplayFormatException(file, lineNumber, null, entry.Key,
                    $"metadata '{entry.Key}' given twice (first on line {previousLine}): expected it once");
            }

            if (!ReplayNumbers.TryParsePositive(entry.Value, out var value))
            {
                throw new ReplayFormatException(file, lineNumber, null, entry.Key,
                    $"bad metadata '{entry.Key}' value {ReplayFormatException.Quote(entry.Value)}: expected a positive number");
            }

            return value;
        }
    }
}
