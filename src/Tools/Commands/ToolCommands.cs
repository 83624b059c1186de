using System.CommandLine;

namespace EdgeLstm.Tools.Commands;

/// <summary>The desktop tools' commands, added to the worker's root by the desktop app.</summary>
public static class ToolCommands
{
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(CrossvalCommand.Create());
        root.Subcommands.Add(QuantizeCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ExportOnnxCommand.Create());
        root.Subcommands.Add(ImportOnnxCommand.Create());
        root.Subcommands.Add(ViewCommand.Create());
        root.Subcommands.Add(FleetCommand.Create());
    }
}
