using System.CommandLine;

namespace EdgeLstm.Worker.Commands;

/// <summary>
/// The commands every edge-lstm build has, the Pi's included: the worker and what it needs on the
/// robot. Plain <c>edge-lstm</c> runs the worker. Apps add their own commands to this root.
/// </summary>
public static class WorkerCommandLine
{
    public const string Description = "edge-lstm: real-time LSTM path prediction for small robots, published over MQTT";

    public static RootCommand CreateRoot()
    {
        var root = new RootCommand(Description);
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(RecordCommand.Create());
        root.Subcommands.Add(WatchCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        RunCommand.AttachTo(root);
        return root;
    }
}
