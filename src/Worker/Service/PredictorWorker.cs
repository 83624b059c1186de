using EdgeLstm.Worker.Errors;
using EdgeLstm.Worker.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeLstm.Worker.Service;

/// <summary>
/// The `edge-lstm run` service. Start: embedded broker (if configured), first connection attempt
/// (a broker that is down is retried in the background and reported, never fatal), meta and
/// status. Execute: the pipeline until the source ends or the host stops (SIGTERM, Ctrl+C).
/// Stop: status "offline", queue flushed, broker stopped. Under systemd (Type=notify) the host
/// sends READY=1 once started, and the pipeline feeds the watchdog (WatchdogSec=) from its frame
/// loop, so a loop stuck in a sensor read stops the pings and gets the service restarted.
/// </summary>
public sealed class PredictorWorker : BackgroundService
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private readonly WorkerPlan _plan;
    private readonly WorkerOutcome _outcome;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<PredictorWorker> _logger;
    private readonly SystemdNotifier _systemd = new();
    private WorkerSession? _session;

    public PredictorWorker(WorkerPlan plan, WorkerOutcome outcome, IHostApplicationLifetime lifetime, ILogger<PredictorWorker> logger)
    {
        _plan = plan;
        _outcome = outcome;
        _lifetime = lifetime;
        _logger = logger;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _session = await WorkerSession.StartAsync(_plan, failFast: false, Log, cancellationToken);
        _session.Pipeline.Watchdog = new LoopWatchdog(_systemd);
        var options = _session.Publisher.Options;
        var config = _plan.Predictor.Config;
        var broker = _session.HasEmbeddedBroker ? $"{options.BrokerUri.GetLeftPart(UriPartial.Authority)} (embedded broker)" : options.BrokerUri.GetLeftPart(UriPartial.Authority);
        Console.Out.WriteLine($"edge-lstm: robot {options.RobotId}, model {config.Name} ({Path.GetFileName(_plan.ModelPath)}, H={config.HiddenSize}, {config.FrameRateHz:0.##} Hz, {config.HorizonSteps} x {config.StepSeconds:0.###} s), source {_plan.Source.Description}");
        Console.Out.WriteLine($"edge-lstm: publishing to {broker}: {options.Topics.Prediction} (status and meta retained beside it)");
        Console.Out.WriteLine($"edge-lstm: watch with: {SubscribeHint.For(options, _plan.Settings.Mqtt)}");
        if (!_session.Publisher.IsConnected)
        {
            var error = _session.Publisher.LastError;
            _logger.LogWarning("broker not reachable yet ({Error}); predicting anyway and retrying in the background", error);
        }

        await base.StartAsync(cancellationToken);

        // READY=1 ourselves: the host's systemd lifetime only does so when it detects systemd as the parent process.
        _systemd.Ready();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _systemd.Stopping();
        await base.StopAsync(cancellationToken);
        if (_session is { } session)
        {
            var s = session.Summarize();
            Log($"stopping after {s.Frames} frames: {s.Published} published, {s.Dropped} dropped, {s.Reconnects} reconnects, step p99 {s.Step.P99Micros:0.0} us");
            await session.DisposeAsync();
        }
    }

    public override void Dispose()
    {
        _systemd.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var session = _session ?? throw new InvalidOperationException("the worker was not started");

        // `systemctl status` line: frame rate and broker state every 5 s (a no-op outside systemd).
        using var stopStatus = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var status = SystemdStatusLoop.RunAsync(_systemd, TimeSpan.FromSeconds(5), () => session.Pipeline.Counters.Frames, () => $"broker {(session.Publisher.IsConnected ? "connected" : "disconnected")}, {StatusReporter.Lost(session.Publisher.Counters)} lost", stopStatus.Token);
        try
        {
            await session.RunAsync(stoppingToken);
            if (!stoppingToken.IsCancellationRequested)
            {
                Log($"the source has ended ({_plan.Source.Description})");
                await session.DrainAsync(DrainTimeout, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // normal shutdown
        }
        catch (Exception e) when (UserErrors.Describe(e) is { } described)
        {
            var message = described.Message;
            _logger.LogError("{Error}", message);
            _outcome.ExitCode = described.ExitCode;
        }
        catch (Exception e)
        {
            _logger.LogCritical(e, "the prediction pipeline failed");
            _outcome.ExitCode = ExitCodes.Failure;
        }
        finally
        {
            await stopStatus.CancelAsync();
            await status;
            _lifetime.StopApplication();
        }
    }

    private void Log(string message)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("{Message}", message);
        }
    }
}
