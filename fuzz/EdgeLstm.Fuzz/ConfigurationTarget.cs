using System.Text;
using EdgeLstm.Messaging.Options;
using EdgeLstm.Worker.Errors;
using EdgeLstm.Worker.Service;

namespace EdgeLstm.Fuzz;

/// <summary>
/// The worker's configuration as `run --config FILE --set K=V ...` reads it: the input is an
/// appsettings JSON file, then (after a line "--") one --set assignment per line. Built, bound,
/// validated and turned into publisher options; the documented errors are
/// <see cref="ConfigurationException"/> and <see cref="InvalidMqttOptionException"/>.
/// </summary>
internal static class ConfigurationTarget
{
    private const string Separator = "\n--\n";
    private static readonly string NoBundledSettings = Directory.CreateTempSubdirectory("edge-lstm-fuzz-config-").FullName;

    public static void Run(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var split = text.IndexOf(Separator, StringComparison.Ordinal);
        var json = split < 0 ? text : text[..split];
        var assignments = split < 0 ? [] : text[(split + Separator.Length)..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            var overrides = WorkerHost.Overrides(null, null, null, null, assignments);
            var configuration = WorkerConfiguration.Build(ScratchFile.Write(".json", Encoding.UTF8.GetBytes(json)), overrides, NoBundledSettings);
            var settings = WorkerConfiguration.Bind(configuration);
            WorkerSettingsValidator.ThrowIfInvalid(settings);
            _ = PublisherOptionsFactory.Builder(settings.Mqtt, settings.RobotId, null).Build();
        }
        catch (Exception e) when (e is ConfigurationException or InvalidMqttOptionException)
        {
        }
    }
}
