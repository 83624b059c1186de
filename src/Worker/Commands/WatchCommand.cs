using System.CommandLine;
using EdgeLstm.Worker.Errors;
using EdgeLstm.Worker.Watch;

namespace EdgeLstm.Worker.Commands;

/// <summary><c>edge-lstm watch</c>: a live line per robot from the MQTT topics (rate, latency, pose, path end, status).</summary>
public static class WatchCommand
{
    public static Command Create()
    {
        var mqtt = new MqttCommandOptions(defaultBroker: "mqtt://127.0.0.1:1883");
        var robot = new Option<string?>("--robot") { Description = "watch only this robot (default +: every robot under the prefix)" };
        var share = new Option<string?>("--share") { Description = "read predictions through the shared subscription $share/GROUP/...: watchers of one group split the robots' predictions (status stays unshared)" };
        var command = new Command("watch", "Show the predictions and status of robots live, from the MQTT broker") { robot, share };
        mqtt.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() =>
            WatchRunner.RunAsync(mqtt.ToSettings(parse), parse.GetValue(robot) is "+" or null ? null : parse.GetValue(robot), parse.GetValue(share), Console.Out, cancellationToken)));
        return command;
    }
}
