using System.CommandLine;
using EdgeLstm.Worker.Errors;
using EdgeLstm.Worker.Service;

namespace EdgeLstm.Worker.Commands;

/// <summary>
/// <c>edge-lstm run</c> (also what plain <c>edge-lstm</c> does): the long-running worker as a
/// Generic Host service, configured by appsettings.json, --config, EDGE_LSTM_* variables and these
/// options. With no configuration at all it runs the simulator in real time with the bundled model
/// and the embedded broker on 127.0.0.1:1883.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the real-time worker: sensors (or simulator, or replay) -> predictor -> MQTT, until stopped");
        Configure(command);
        return command;
    }

    /// <summary>Gives the root command the same options and action, so that `edge-lstm` alone runs the worker.</summary>
    public static void AttachTo(RootCommand root) => Configure(root);

    private static void Configure(Command command)
    {
        var broker = new Option<string?>("--broker") { Description = "embedded, mqtt://HOST:PORT or mqtts://HOST:PORT (sets Mqtt:Broker)" };
        var robot = new Option<string?>("--robot") { Description = "robot id, one topic level (sets RobotId)" };
        var model = new Option<string?>("--model") { Description = "model file (sets Model; default: the bundled model)" };
        var source = new Option<string?>("--source") { Description = "simulator, replay or hardware (sets Source)" };
        var config = new Option<string?>("--config") { Description = "JSON configuration file layered over appsettings.json (e.g. /etc/edge-lstm/appsettings.json)" };
        var set = new Option<string[]>("--set") { Description = "any setting as KEY=VALUE, e.g. --set Mqtt:Qos=1 --set Replay:Files:0=run.csv", AllowMultipleArgumentsPerToken = false };
        command.Options.Add(broker);
        command.Options.Add(robot);
        command.Options.Add(model);
        command.Options.Add(source);
        command.Options.Add(config);
        command.Options.Add(set);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() =>
        {
            var overrides = WorkerHost.Overrides(parse.GetValue(broker), parse.GetValue(robot), parse.GetValue(model), parse.GetValue(source), parse.GetValue(set) ?? []);
            var configuration = WorkerConfiguration.Build(parse.GetValue(config), overrides);
            return WorkerHost.RunAsync(configuration, cancellationToken);
        }));
    }
}
