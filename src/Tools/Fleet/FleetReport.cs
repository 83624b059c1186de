using System.Globalization;
using System.Text;
using EdgeLstm.Messaging.Diagnostics;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Worker.Service;

namespace EdgeLstm.Tools.Fleet;

/// <summary>One robot's line of the fleet report.</summary>
internal sealed record FleetRobotLine(string Robot, string Broker, string Protocol, long Predictions, long Published, long Dropped, long Reconnects, double P50Micros, double P99Micros);

/// <summary>The fleet's closing report: one line per robot, the totals, and what the process cost.</summary>
internal sealed record FleetReport(IReadOnlyList<FleetRobotLine> Robots, double TotalP50Micros, double TotalP99Micros, TimeSpan Elapsed, double CpuPercent, long PeakWorkingSetBytes, string Model)
{
    public long Predictions => Robots.Sum(r => r.Predictions);

    public long Published => Robots.Sum(r => r.Published);

    public long Dropped => Robots.Sum(r => r.Dropped);

    public static FleetRobotLine Line(FleetRobot robot)
    {
        var link = robot.Publisher.Counters;
        var latency = robot.Publisher.Latency;
        return new FleetRobotLine(
            robot.Id,
            robot.Publisher.Broker?.Text ?? "(never connected)",
            robot.Publisher.Protocol.ToString() == "V311" ? "3.1.1" : "5",
            robot.Pipeline.Counters.Predictions,
            link.Published,
            StatusReporter.Lost(link) + link.Queued,
            link.Reconnects,
            latency.P50Micros,
            latency.P99Micros);
    }

    /// <summary>Percentiles over every robot's publishes together (one merged histogram, not an average of percentiles).</summary>
    public static (double P50, double P99) Percentiles(IEnumerable<LatencyHistogram> histograms)
    {
        var total = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            total.Add(histogram);
        }

        var summary = total.Summarize();
        return (summary.P50Micros, summary.P99Micros);
    }

    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"{"robot",-10} {"broker",-22} {"mqtt",-5} {"predictions",11} {"published",10} {"dropped",8} {"reconn",6} {"p50 us",9} {"p99 us",9}");
        foreach (var r in Robots)
        {
            text.AppendLine(c, $"{r.Robot,-10} {r.Broker,-22} {r.Protocol,-5} {r.Predictions,11} {r.Published,10} {r.Dropped,8} {r.Reconnects,6} {r.P50Micros,9:0} {r.P99Micros,9:0}");
        }

        text.AppendLine(c, $"{"total",-10} {Robots.Count + " robots",-22} {"",-5} {Predictions,11} {Published,10} {Dropped,8} {Robots.Sum(r => r.Reconnects),6} {TotalP50Micros,9:0} {TotalP99Micros,9:0}");
        text.AppendLine(c, $"model                    {Model}");
        text.AppendLine(c, $"predictions              {Predictions}");
        text.AppendLine(c, $"published                {Published}");
        text.AppendLine(c, $"dropped                  {Dropped}");
        text.AppendLine(c, $"elapsed                  {Elapsed.TotalSeconds:0.0} s");
        text.AppendLine(c, $"frame-to-publish latency p50 {TotalP50Micros:0} us  p99 {TotalP99Micros:0} us  (all robots' samples)");
        text.Append(c, $"fleet process            CPU {CpuPercent:0} % of one core, peak working set {PeakWorkingSetBytes / (1024.0 * 1024.0):0} MiB");
        return text.ToString();
    }
}
