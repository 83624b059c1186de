using System.Diagnostics;
using System.Globalization;
using EdgeLstm.Messaging.Subscribing;

namespace EdgeLstm.Worker.Watch;

/// <summary>
/// What `edge-lstm watch` shows: one line per robot with its prediction rate, inference latency,
/// current pose, the end of the predicted path and its status. Fed from the subscriber's messages,
/// rendered on a timer.
/// </summary>
public sealed class WatchBoard
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(1);
    private readonly SortedDictionary<string, RobotLine> _robots = new(StringComparer.Ordinal);

    public int RobotCount => _robots.Count;

    public void Observe(ObservedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_robots.TryGetValue(message.RobotId, out var robot))
        {
            robot = new RobotLine();
            _robots.Add(message.RobotId, robot);
        }

        switch (message)
        {
            case ObservedPrediction prediction:
                robot.Prediction = prediction;
                robot.CountInWindow++;
                break;
            case ObservedStatus status:
                robot.Status = status.State;
                robot.GuardGain = status.GuardGain;
                break;
            case ObservedMalformed malformed:
                robot.Problem = malformed.Error;
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// The current lines; rates are averaged over about the last second. With more than one robot a
    /// first line sums the fleet up (how many online, degraded, offline, silent; the total rate), so
    /// fifty robots read at a glance before the per-robot lines.
    /// </summary>
    public IReadOnlyList<string> Render()
    {
        var lines = new List<string>(_robots.Count + 1);
        var c = CultureInfo.InvariantCulture;
        foreach (var robot in _robots.Values)
        {
            robot.UpdateRate(RateWindow);
        }

        if (_robots.Count > 1)
        {
            var states = _robots.Values.GroupBy(r => r.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
            var silent = _robots.Values.Count(r => r.Prediction is not null && r.RateHz == 0);
            lines.Add(string.Create(c, $"{_robots.Count} robots: {string.Join(", ", states)}; {silent} silent; total {_robots.Values.Sum(r => r.RateHz),7:F1} Hz"));
        }

        foreach (var (id, robot) in _robots)
        {
            if (robot.Prediction is not { } p)
            {
                lines.Add(string.Create(c, $"{id,-16} {robot.Status,-9} no predictions yet{Problem(robot)}"));
                continue;
            }

            var end = p.PathEnd is { } e ? string.Create(c, $"({e.X,7:F2}, {e.Y,7:F2}, {e.Yaw,6:F2})") : "(none)";
            lines.Add(string.Create(c,
                $"{id,-16} {robot.Status,-9} {robot.RateHz,6:F1} Hz  {p.LatencyMicros,7:F1} us  seq {p.Seq,-8} pose ({p.Pose.X,7:F2}, {p.Pose.Y,7:F2}, {p.Pose.Yaw,6:F2})  path end {end}  {Radius90(p)}  {Guard(robot)}{p.Model}{Problem(robot)}"));
        }

        return lines;
    }

    // The share of the network's correction the path keeps: 1.00 all of it, 0.00 physics alone.
    private static string Guard(RobotLine robot) =>
        robot.GuardGain is { } gain ? string.Create(CultureInfo.InvariantCulture, $"gain {gain:F2}  ") : string.Empty;

    // The 90 % region's semi-major axis 1 s and 2 s ahead; "no spread" for a model without uncertainty.
    private static string Radius90(ObservedPrediction p) =>
        p.Radius90At1s is null && p.Radius90At2s is null
            ? "r90 no spread"
            : string.Create(CultureInfo.InvariantCulture, $"r90 {Format(p.Radius90At1s)} m @1s {Format(p.Radius90At2s)} m @2s");

    private static string Format(double? radius) => radius is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static string Problem(RobotLine robot) => robot.Problem is null ? string.Empty : "  last error: " + robot.Problem;

    private sealed class RobotLine
    {
        private long _windowStart = Stopwatch.GetTimestamp();

        public ObservedPrediction? Prediction { get; set; }

        public string Status { get; set; } = "?";

        public string? Problem { get; set; }

        public double? GuardGain { get; set; }

        public int CountInWindow { get; set; }

        public double RateHz { get; private set; }

        public void UpdateRate(TimeSpan window)
        {
            var elapsed = Stopwatch.GetElapsedTime(_windowStart);
            if (elapsed >= window)
            {
                RateHz = CountInWindow / elapsed.TotalSeconds;
                CountInWindow = 0;
                _windowStart = Stopwatch.GetTimestamp();
            }
        }
    }
}
