using System.CommandLine;
using EdgeLstm.Tools.Fleet;
using EdgeLstm.Worker.Commands;
using EdgeLstm.Worker.Errors;
using EdgeLstm.Worker.Service;

namespace EdgeLstm.Tools.Commands;

/// <summary>
/// <c>edge-lstm fleet --robots N --broker ...</c>: N simulated robots in one process, each with its own
/// simulator seed, int8 LSTM state and MQTT connection, spread over the listed brokers; a load
/// generator for a broker or cluster. Desktop only: the robot runs one worker, not a fleet.
/// </summary>
public static class FleetCommand
{
    public static Command Create()
    {
        var robots = new Option<int>("--robots") { Description = "number of simulated robots", Required = true };
        var mqtt = new MqttCommandOptions(defaultBroker: "mqtt://127.0.0.1:1883");
        var speed = new Option<string>("--speed") { Description = "1 (real time: each robot at the model's frame rate), N (N times) or max", DefaultValueFactory = _ => "1" };
        var seconds = new Option<double>("--seconds") { Description = "how long the fleet runs, wall-clock seconds", DefaultValueFactory = _ => 60 };
        var model = new Option<string?>("--model") { Description = "model file (default: the bundled model, run in int8)" };
        var seed = new Option<int>("--seed") { Description = "simulator seed of the first robot; robot i uses seed + i", DefaultValueFactory = _ => 1 };
        var command = new Command("fleet", "Run N simulated robots in one process, each publishing over its own MQTT connection, then report per-robot and total figures") { robots, speed, seconds, model, seed };
        mqtt.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() =>
        {
            var count = parse.GetValue(robots);
            if (count is < 1 or > FleetSettings.MaxRobots)
            {
                throw new ConfigurationException($"--robots: {count} is not in 1..{FleetSettings.MaxRobots}");
            }

            if (!ReplaySpeed.TryParse(parse.GetValue(speed), out var pace))
            {
                throw new ConfigurationException($"--speed: '{parse.GetValue(speed)}' is not 1, a positive factor or max");
            }

            var duration = parse.GetValue(seconds);
            if (!(double.IsFinite(duration) && duration is > 0 and <= 86_400))
            {
                throw new ConfigurationException($"--seconds: {duration} is not in (0, 86400]");
            }

            var settings = mqtt.ToSettings(parse);
            if (settings.IsEmbedded)
            {
                throw new ConfigurationException("--broker: the fleet needs a broker to talk to (mqtt://host:port, or several separated by commas), not the embedded one");
            }

            var fleet = new FleetSettings(count, settings, pace, TimeSpan.FromSeconds(duration), parse.GetValue(model), parse.GetValue(seed));
            return FleetRunner.RunAsync(fleet, Console.Out, Console.Error, cancellationToken);
        }));
        return command;
    }
}
