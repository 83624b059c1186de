using System.CommandLine;
using EdgeLstm.Worker.Errors;
using EdgeLstm.Worker.Recording;
using EdgeLstm.Worker.Service;

namespace EdgeLstm.Worker.Commands;

/// <summary>
/// <c>edge-lstm record --out FILE</c>: the live sensors `run` would read, written as a replay v1
/// file (with the source's metadata and geometry) that stays readable after a crash or power loss.
/// </summary>
public static class RecordCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out")
        {
            Description = "replay file to write. Plain .csv is crash safe: flushed and synced twice a second, and a file cut by a crash reads back to its last complete row. "
                + "With .csv.gz the rows go to the .csv name first and are compressed only at a clean end (after a crash the .csv is what remains)",
            Required = true,
        };
        var seconds = new Option<double?>("--seconds") { Description = "stop after this many seconds (default: until Ctrl+C or SIGTERM)" };
        var source = new Option<string?>("--source") { Description = "hardware (the default here) or simulator (sets Source)" };
        var config = new Option<string?>("--config") { Description = "JSON configuration file layered over appsettings.json, as for run (e.g. /etc/edge-lstm/appsettings.json)" };
        var set = new Option<string[]>("--set") { Description = "any setting as KEY=VALUE, as for run, e.g. --set Hardware:ImuRateHz=200", AllowMultipleArgumentsPerToken = false };
        var command = new Command("record", "Record the live sensors (as configured for run) to a replay v1 file; prints the rows written and the sensor health at the end")
        {
            output, seconds, source, config, set,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(() =>
        {
            var overrides = RecordingSource.Overrides(parse.GetValue(source), parse.GetValue(set) ?? []);
            var configuration = WorkerConfiguration.Build(parse.GetValue(config), overrides);

            // On a thread of its own, so the action returns a running task at once: System.CommandLine
            // only turns SIGINT/SIGTERM into this token's cancellation once the action has returned.
            return Task.Factory.StartNew(
                () => RecordRunner.Run(configuration, parse.GetValue(output)!, parse.GetValue(seconds), Console.Out, Console.Error, cancellationToken),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }));
        return command;
    }
}
