using EdgeLstm.Worker.Errors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace EdgeLstm.Worker.Service;

/// <summary>
/// Runs <see cref="PredictorWorker"/> in the .NET Generic Host: console lifetime (Ctrl+C, SIGTERM)
/// or, under systemd, the notify lifetime (READY=1 once connected, journal-formatted logs).
/// Configuration is validated and the model loaded before the host is built, so a bad setting
/// ends the process at once with exit code 78 rather than as a failed hosted service.
/// </summary>
public static class WorkerHost
{
    /// <summary>Stopping (flush, "offline", disconnect, broker stop) stays well inside systemd's TimeoutStopSec.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var settings = WorkerConfiguration.Bind(configuration);
        using var plan = WorkerPlan.Create(settings);
        var outcome = new WorkerOutcome();
        using var host = new HostBuilder()
            .UseContentRoot(AppContext.BaseDirectory)
            .ConfigureAppConfiguration(builder => builder.AddConfiguration(configuration))
            .ConfigureLogging((context, logging) =>
            {
                logging.AddConfiguration(context.Configuration.GetSection("Logging"));
                logging.AddSimpleConsole(console =>
                {
                    console.SingleLine = true;
                    console.TimestampFormat = "HH:mm:ss.fff ";
                });

                // Logs on stderr: stdout carries only the start-up banner a user may copy from.
                logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            })
            .ConfigureServices(services =>
            {
                services.AddSingleton(plan);
                services.AddSingleton(outcome);
                services.AddHostedService<PredictorWorker>();
                services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
                services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
            })
            .UseSystemd()
            .Build();

        try
        {
            await host.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped before it had started
        }

        return outcome.ExitCode;
    }

    /// <summary>Configuration keys set by the `run` options, for <see cref="WorkerConfiguration.Build"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Overrides(string? broker, string? robot, string? model, string? source, IEnumerable<string> assignments)
    {
        // Configuration keys are case-insensitive; a later assignment of the same key wins.
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ConfigurationException($"--set: \"{assignment}\" is not KEY=VALUE (e.g. --set Mqtt:Qos=1)");
            }

            overrides[assignment[..equals].Trim()] = assignment[(equals + 1)..];
        }

        // The named options win over --set, as they are the more specific request.
        Add(overrides, "Mqtt:Broker", broker);
        Add(overrides, "RobotId", robot);
        Add(overrides, "Model", model);
        Add(overrides, "Source", source);
        return [.. overrides];
    }

    private static void Add(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (value is not null)
        {
            overrides[key] = value;
        }
    }
}
