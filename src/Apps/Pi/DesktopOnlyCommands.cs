using System.CommandLine;
using EdgeLstm.Worker.Errors;

namespace EdgeLstm.App.Pi;

/// <summary>
/// The desktop tools' names, each answering in one line that it is not in this build, so that a
/// user who types <c>edge-lstm train</c> on the robot learns where it is instead of a parse error.
/// </summary>
internal static class DesktopOnlyCommands
{
    // Kept by hand: this app must not reference the tools' assembly to read its list.
    private static readonly string[] Names = ["train", "crossval", "eval", "quantize", "bench", "export-onnx", "import-onnx", "view", "fleet"];

    public static void AddTo(RootCommand root)
    {
        foreach (var name in Names)
        {
            var rest = new Argument<string[]>("arguments") { Arity = ArgumentArity.ZeroOrMore };
            var command = new Command(name, "(desktop build only)") { rest };
            command.TreatUnmatchedTokensAsErrors = false;
            command.SetAction(_ =>
            {
                Console.Error.WriteLine($"edge-lstm: error: {name} is a desktop tool, not in this build for the robot; run it from the desktop build (dotnet run --project src/Apps/Desktop -- {name})");
                return ExitCodes.BadInput;
            });
            root.Subcommands.Add(command);
        }
    }
}
