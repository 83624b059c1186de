using EdgeLstm.Messaging.Options;
using EdgeLstm.Worker.Errors;
using Microsoft.Extensions.Options;

namespace EdgeLstm.Worker.Service;

/// <summary>
/// Checks every setting once, at start, so that a typo stops the worker with a message naming the
/// setting (exit code 78) instead of surfacing later as a crash or a silent misbehaviour. Each
/// failure reads "Section:Key: what is wrong", in configuration-key spelling, so it can be found
/// in appsettings.json or set as EDGE_LSTM_Section__Key.
/// </summary>
public sealed class WorkerSettingsValidator : IValidateOptions<WorkerSettings>
{
    public ValidateOptionsResult Validate(string? name, WorkerSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var source = options.Source?.Trim().ToLowerInvariant();
        if (!SourceNames.All.Contains(source))
        {
            errors.Add($"Source: \"{options.Source}\" is not one of {string.Join(", ", SourceNames.All)}");
        }

        if (!string.IsNullOrWhiteSpace(options.Model) && !File.Exists(options.Model))
        {
            errors.Add($"Model: file '{options.Model}' not found (leave it empty for the bundled model)");
        }

        if (options.FrameRateHz is { } rate && !(double.IsFinite(rate) && rate > 0 && rate <= 1000))
        {
            errors.Add($"FrameRateHz: {rate} is not a rate in (0, 1000] Hz (leave it empty to take the model's)");
        }

        switch (source)
        {
            case SourceNames.Replay:
                ValidateReplay(options.Replay, errors);
                break;
            case SourceNames.Simulator:
                ValidateSimulator(options, errors);
                break;
            case SourceNames.Hardware:
                errors.AddRange(options.Hardware.GetErrors().Select(e => "Hardware:" + e));
                break;
            default:
                break;
        }

        ValidateMqtt(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Validates and throws <see cref="Cli.ConfigurationException"/> with every failure on one line.</summary>
    public static void ThrowIfInvalid(WorkerSettings settings)
    {
        var result = new WorkerSettingsValidator().Validate(null, settings);
        if (result.Failed)
        {
            throw new ConfigurationException("invalid configuration: " + string.Join("; ", result.Failures ?? []));
        }
    }

    private static void ValidateReplay(ReplaySettings replay, List<string> errors)
    {
        if (replay.Files.Count == 0)
        {
            errors.Add("Replay:Files: no replay file given (Source is \"replay\")");
        }

        for (var i = 0; i < replay.Files.Count; i++)
        {
            if (!File.Exists(replay.Files[i]))
            {
                errors.Add($"Replay:Files:{i}: file '{replay.Files[i]}' not found");
            }
        }

        if (!ReplaySpeed.TryParse(replay.Speed, out _))
        {
            errors.Add($"Replay:Speed: \"{replay.Speed}\" is not 1, a positive factor N (or Nx) or max");
        }
    }

    private static void ValidateSimulator(WorkerSettings options, List<string> errors)
    {
        if (!ReplaySpeed.TryParse(options.SimulatorSpeed, out _))
        {
            errors.Add($"SimulatorSpeed: \"{options.SimulatorSpeed}\" is not 1, a positive factor N (or Nx) or max");
        }

        try
        {
            options.Simulator.Validate();
        }
        catch (ArgumentException e)
        {
            // "Simulator option MaxJerk = -1 is invalid: it must be ..." becomes "Simulator:MaxJerk: -1 is invalid: it must be ...".
            var message = e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal)
                .Replace($"Simulator option {e.ParamName} = ", string.Empty, StringComparison.Ordinal);
            errors.Add($"Simulator:{e.ParamName}: {OneLine(message)}");
        }
    }

    private static void ValidateMqtt(WorkerSettings options, List<string> errors)
    {
        var mqtt = options.Mqtt;
        if (mqtt.IsEmbedded)
        {
            if (mqtt.EmbeddedPort is < 1 or > 65535)
            {
                errors.Add($"Mqtt:EmbeddedPort: {mqtt.EmbeddedPort} is not a TCP port (1..65535)");
                return;
            }

            if (!string.IsNullOrWhiteSpace(mqtt.CaFile) || !string.IsNullOrWhiteSpace(mqtt.ClientCertFile))
            {
                errors.Add("Mqtt:CaFile: TLS files are set but Mqtt:Broker is the embedded broker, which has no TLS listener; set Mqtt:Broker to mqtts://host:port");
                return;
            }
        }

        if (string.IsNullOrWhiteSpace(mqtt.Username) && (!string.IsNullOrWhiteSpace(mqtt.PasswordFile) || !string.IsNullOrWhiteSpace(mqtt.PasswordEnvVar)))
        {
            errors.Add("Mqtt:Username: a password is configured (Mqtt:PasswordFile or Mqtt:PasswordEnvVar) but no user name");
            return;
        }

        if (string.IsNullOrWhiteSpace(mqtt.CaFile) && (!string.IsNullOrWhiteSpace(mqtt.ClientCertFile) || !string.IsNullOrWhiteSpace(mqtt.ClientKeyFile)))
        {
            errors.Add("Mqtt:CaFile: a client certificate is configured but no CA file to check the broker with");
            return;
        }

        if (!(double.IsFinite(mqtt.ReconnectMaxSeconds) && mqtt.ReconnectMaxSeconds is > 0 and <= 3600))
        {
            errors.Add($"Mqtt:ReconnectMaxSeconds: {mqtt.ReconnectMaxSeconds} is not in (0, 3600]");
            return;
        }

        try
        {
            // The publisher's own builder has the authoritative rules (URI, topic levels, files, QoS).
            PublisherOptionsFactory.Builder(mqtt, options.RobotId, model: null).Build();
        }
        catch (InvalidMqttOptionException e)
        {
            errors.Add(MqttOptionErrors.Describe(e));
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
