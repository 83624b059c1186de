using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeLstm.Sensors.Hardware;
using EdgeLstm.Worker.Errors;
using Microsoft.Extensions.Configuration;

namespace EdgeLstm.Worker.Service;

/// <summary>
/// Layers the worker's configuration sources, later ones winning: appsettings.json beside the
/// executable, the --config file, EDGE_LSTM_* environment variables (EDGE_LSTM_Mqtt__Broker sets
/// Mqtt:Broker), then command-line overrides. Binding errors become <see cref="ConfigurationException"/>s
/// naming the key.
/// </summary>
public static partial class WorkerConfiguration
{
    public const string EnvironmentPrefix = "EDGE_LSTM_";
    public const string FileName = "appsettings.json";

    public static IConfigurationRoot Build(string? configFile, IEnumerable<KeyValuePair<string, string?>> overrides, string? baseDirectory = null)
    {
        var builder = new ConfigurationBuilder();
        var bundled = Path.Combine(baseDirectory ?? AppContext.BaseDirectory, FileName);
        builder.AddJsonFile(bundled, optional: true, reloadOnChange: false);
        if (!string.IsNullOrWhiteSpace(configFile))
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full))
            {
                throw new ConfigurationException($"--config: file '{configFile}' not found");
            }

            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(overrides);
        try
        {
            return builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or JsonException)
        {
            // The JSON provider names the file and the line in the inner exception.
            var detail = e.InnerException?.Message ?? e.Message;
            throw new ConfigurationException($"configuration file is not valid JSON: {OneLine(e.Message)} {OneLine(detail)}".Trim(), e);
        }
    }

    /// <summary>
    /// Binds the configuration; an unknown key inside a section (a typo such as Mqtt:Brokr) or a
    /// value of the wrong type is an error. Unknown top-level keys are tolerated because the
    /// environment prefix also carries other tools' variables (EDGE_LSTM_REQUIRE_MOSQUITTO).
    /// </summary>
    public static WorkerSettings Bind(IConfiguration configuration)
    {
        var settings = new WorkerSettings();
        Apply(() => configuration.Bind(settings), string.Empty);

        // Sections again, strictly, into fresh objects (binding twice would append list items twice).
        // Each bind call names its concrete type, so Native AOT's configuration binder generator can bind it.
        settings.Mqtt = Strict(configuration, "Mqtt", new MqttSettings(), static (c, t) => c.Bind(t));
        settings.Replay = Strict(configuration, "Replay", new ReplaySettings(), static (c, t) => c.Bind(t));
        settings.Simulator = Strict(configuration, "Simulator", new Sensors.Simulation.SimulatorOptions(), static (c, t) => c.Bind(t));
        settings.Hardware = Strict(configuration, "Hardware", new Sensors.Hardware.HardwareOptions(), static (c, t) => c.Bind(t));
        return settings;
    }

    private static T Strict<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicProperties)] T>(IConfiguration configuration, string section, T target, Action<IConfiguration, T> bind)
        where T : class
    {
        // An unknown key is most likely a typo whose value would otherwise be silently ignored.
        var known = typeof(T).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Where(p => p.CanWrite || p.PropertyType.IsAssignableTo(typeof(System.Collections.IEnumerable)) && p.PropertyType != typeof(string)).Select(p => p.Name).ToList();
        foreach (var child in configuration.GetSection(section).GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new ConfigurationException($"invalid configuration: {child.Path}: unknown setting (the {section} settings are {string.Join(", ", known)})");
            }
        }

        Apply(() => bind(configuration.GetSection(section), target), section);
        return target;
    }

    private static void Apply(Action bind, string section)
    {
        try
        {
            bind();
        }
        catch (InvalidOperationException e)
        {
            throw new ConfigurationException("invalid configuration: " + Describe(e, section), e);
        }
    }

    // "Failed to convert configuration value 'x' at 'Mqtt:Qos' to type 'System.Int32'." becomes "Mqtt:Qos: 'x' is not a valid Int32".
    private static string Describe(InvalidOperationException e, string section)
    {
        var match = ConversionFailure().Match(e.Message);
        if (match.Success)
        {
            var type = match.Groups["type"].Value;
            type = type[(type.LastIndexOf('.') + 1)..].TrimEnd(']');
            return $"{match.Groups["key"].Value}: '{match.Groups["value"].Value}' is not a valid {type}";
        }

        return (section.Length == 0 ? string.Empty : section + ": ") + OneLine(e.Message);
    }

    [GeneratedRegex("value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'")]
    private static partial Regex ConversionFailure();

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
