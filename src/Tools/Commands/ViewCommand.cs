using System.CommandLine;
using System.Net;
using EdgeLstm.Tools.View;
using EdgeLstm.Worker.Commands;
using EdgeLstm.Worker.Errors;
using EdgeLstm.Worker.Service;

namespace EdgeLstm.Tools.Commands;

/// <summary><c>edge-lstm view</c>: a live web page of the robots' tracks, predicted paths, rate, latency and status.</summary>
public static class ViewCommand
{
    private const int DefaultPort = 8080;

    public static Command Create()
    {
        var mqtt = new MqttCommandOptions(defaultBroker: "mqtt://127.0.0.1:1883");
        var robot = new Option<string?>("--robot") { Description = "show only this robot (default +: every robot under the prefix)" };
        var port = new Option<int>("--port") { Description = "HTTP port of the page", DefaultValueFactory = _ => DefaultPort };
        var bind = new Option<string>("--bind") { Description = "address to serve on; anything but 127.0.0.1 exposes the page (no login) to the network", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("view", "Serve a live web page of the predictions from the MQTT broker (http://127.0.0.1:8080/)") { robot, port, bind };
        mqtt.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() =>
        {
            var robotId = parse.GetValue(robot) is "+" or null ? null : parse.GetValue(robot);
            if (!IPAddress.TryParse(parse.GetValue(bind), out var address))
            {
                throw new ConfigurationException($"--bind: '{parse.GetValue(bind)}' is not an IP address");
            }

            if (parse.GetValue(port) is < 0 or > 65535)
            {
                throw new ConfigurationException($"--port: {parse.GetValue(port)} is not a TCP port");
            }
            var options = PublisherOptionsFactory.Builder(mqtt.ToSettings(parse), robotId, model: null)
                .WithClientId($"edge-lstm-view-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray(), 0, 4)}")
                .BuildSubscriberOptions();
            return ViewRunner.RunAsync(options, new ViewSettings(address, parse.GetValue(port)), Console.Out, cancellationToken);
        }));
        return command;
    }
}
