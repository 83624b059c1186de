using System.Diagnostics;
using System.Globalization;
using EdgeLstm.Messaging.Diagnostics;
using EdgeLstm.Worker.Errors;
using EdgeLstm.Worker.Service;

namespace EdgeLstm.Tools.Fleet;

/// <summary>
/// The body of `edge-lstm fleet`: N simulated robots in one process, each a complete worker
/// pipeline with its own connection, for the duration; a progress line every 10 s, then the report.
/// A load generator for trying a broker (or a cluster) with a fleet before the fleet exists.
/// </summary>
public static class FleetRunner
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(FleetSettings settings, TextWriter output, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(log);
        var brokers = PublisherOptionsFactory.Builder(settings.Mqtt, "fleet", model: null).Build().Brokers;
        var model = FleetModel.Load(settings.ModelPath);
        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(c, $"edge-lstm: fleet of {settings.Robots} robots at {model.Config.FrameRateHz:0.##} Hz ({settings.Speed}) for {settings.Duration.TotalSeconds:0} s over {string.Join(", ", brokers)} (MQTT {settings.Mqtt.ProtocolVersion}); model {model.Description}"));

        var robots = new List<FleetRobot>(settings.Robots);
        try
        {
            for (var i = 0; i < settings.Robots; i++)
            {
                robots.Add(FleetRobot.Create(i, settings, model, brokers, line => log.WriteLine($"edge-lstm: {line}")));
            }

            await Task.WhenAll(robots.Select(r => r.StartAsync(model, cancellationToken)));
            var connected = robots.Count(r => r.Publisher.IsConnected);
            if (connected == 0)
            {
                throw new ConfigurationException($"--broker: none of the {robots.Count} robots could connect to {string.Join(", ", brokers)}: {robots[0].Publisher.LastError}");
            }

            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            foreach (var robot in robots)
            {
                robot.Run(settings.Speed, cancellationToken);
            }

            await ReportProgressAsync(robots, output, cancellationToken);
            foreach (var robot in robots)
            {
                robot.Join();
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            using var process = Process.GetCurrentProcess();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / elapsed.TotalMilliseconds * 100;
            using var drain = new CancellationTokenSource(DrainTimeout);
            await Task.WhenAll(robots.Select(r => r.Publisher.FlushAsync(DrainTimeout, drain.Token)));

            var (p50, p99) = FleetReport.Percentiles(robots.Select(r => r.Publisher.LatencyHistogram));
            var report = new FleetReport(robots.Select(FleetReport.Line).ToList(), p50, p99, elapsed, cpu, process.PeakWorkingSet64, model.Description);
            await output.WriteLineAsync(report.Format());
            if (robots.FirstOrDefault(r => r.Failure is not null) is { } failed)
            {
                await log.WriteLineAsync($"edge-lstm: {failed.Id} stopped: {failed.Failure!.Message}");
                return ExitCodes.Failure;
            }

            return report.Published == 0 && report.Predictions > 0 ? ExitCodes.Failure : ExitCodes.Ok;
        }
        finally
        {
            await Task.WhenAll(robots.Select(r => r.DisposeAsync().AsTask()));
        }
    }

    private static async Task ReportProgressAsync(List<FleetRobot> robots, TextWriter output, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressInterval);
        var running = Task.Run(() => robots.ForEach(r => r.Join()), CancellationToken.None);
        while (!running.IsCompleted)
        {
            var tick = timer.WaitForNextTickAsync(CancellationToken.None).AsTask();
            if (await Task.WhenAny(running, tick) == running)
            {
                break;
            }

            var predictions = robots.Sum(r => r.Pipeline.Counters.Predictions);
            var published = robots.Sum(r => r.Publisher.Counters.Published);
            var connected = robots.Count(r => r.Publisher.IsConnected);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"edge-lstm: {predictions} predictions, {published} published, {connected}/{robots.Count} connected{(cancellationToken.IsCancellationRequested ? " (stopping)" : string.Empty)}"));
        }
    }
}
