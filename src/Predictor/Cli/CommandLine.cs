using System.CommandLine;

namespace EdgeLstm.Predictor.Cli;

/// <summary>The edge-lstm command line: one subcommand a capability, each in its own file.</summary>
internal static class CommandLine
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("edge-lstm: real-time LSTM path prediction for small robots, published over MQTT");
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(CrossvalCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(QuantizeCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ExportOnnxCommand.Create());
        root.Subcommands.Add(ImportOnnxCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(WatchCommand.Create());
        root.Subcommands.Add(ViewCommand.Create());
        root.Subcommands.Add(RecordCommand.Create());
        RunCommand.AttachTo(root);
        return root.Parse(args).Invoke();
    }
}
