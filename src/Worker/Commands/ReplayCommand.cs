using System.CommandLine;
using EdgeLstm.Worker.Errors;
using EdgeLstm.Worker.Service;

namespace EdgeLstm.Worker.Commands;

/// <summary>
/// <c>edge-lstm replay FILE...</c>: the worker's pipeline over recordings, published to a broker,
/// with a summary of counts and latencies at the end. Unlike `run`, a broker that cannot be
/// reached at start is an error, because a batch job should say so rather than wait.
/// </summary>
public static class ReplayCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "replay v1 files (.csv or .csv.gz), played one after another", Arity = ArgumentArity.OneOrMore };
        var speed = new Option<string>("--speed") { Description = "1 (real time), N (N times real time) or max (as fast as possible, every prediction published)", DefaultValueFactory = _ => "1" };
        var mqtt = new MqttCommandOptions(defaultBroker: MqttSettings.Embedded);
        var robot = new Option<string>("--robot") { Description = "robot id (one topic level)", DefaultValueFactory = _ => "replay" };
        var model = new Option<string?>("--model") { Description = "model file (default: the bundled model)" };
        var command = new Command("replay", "Replay recordings through the predictor and publish the predictions over MQTT, then print a summary") { files, speed, robot, model };
        mqtt.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var settings = new WorkerSettings
            {
                Source = SourceNames.Replay,
                Model = parse.GetValue(model) ?? string.Empty,
                RobotId = parse.GetValue(robot)!,
                Mqtt = mqtt.ToSettings(parse),
            };
            settings.Replay.Speed = parse.GetValue(speed)!;
            foreach (var file in parse.GetValue(files)!)
            {
                settings.Replay.Files.Add(file);
            }

            return await ReplayRunner.RunAsync(settings, Console.Out, Console.Error, cancellationToken);
        }));
        return command;
    }
}
