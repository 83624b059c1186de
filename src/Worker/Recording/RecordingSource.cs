using EdgeLstm.Worker.Errors;
using EdgeLstm.Worker.Service;
using Microsoft.Extensions.Configuration;

namespace EdgeLstm.Worker.Recording;

/// <summary>
/// What `record` reads: the worker's own configuration (appsettings.json, --config, EDGE_LSTM_*
/// variables, --set, --source) and its <see cref="SourcePlan"/>, so a recording is made from
/// exactly the sensors `run` would predict from. The one difference is the default source:
/// recording is for live sensors, so it is "hardware" unless --source or --set Source says otherwise.
/// </summary>
public static class RecordingSource
{
    /// <summary>Configuration keys from the command line; "Source=hardware" unless overridden.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Overrides(string? source, IEnumerable<string> assignments) =>
        WorkerHost.Overrides(null, null, null, source, assignments.Prepend($"Source={SourceNames.Hardware}"));

    /// <summary>Binds and validates the settings and opens the source (the hardware is opened here, so a missing IMU fails now).</summary>
    /// <exception cref="ConfigurationException">A bad setting, or Source = replay.</exception>
    public static SourcePlan Open(IConfiguration configuration)
    {
        var settings = WorkerConfiguration.Bind(configuration);
        var source = settings.Source.Trim().ToLowerInvariant();
        if (source is not (SourceNames.Hardware or SourceNames.Simulator))
        {
            // Before the general validation, whose complaint would be about replay files not given.
            throw new ConfigurationException($"Source: record reads live sensors (\"{SourceNames.Hardware}\") or the simulator (\"{SourceNames.Simulator}\"), not \"{settings.Source}\"; a replay file is already a recording");
        }

        WorkerSettingsValidator.ThrowIfInvalid(settings);
        return source == SourceNames.Hardware ? SourcePlan.Hardware(settings.Hardware) : SourcePlan.Simulator(settings.Simulator, ReplaySpeed.TryParse(settings.SimulatorSpeed, out var speed) ? speed : ReplaySpeed.RealTime);
    }
}
