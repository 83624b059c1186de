using System.CommandLine;
using EdgeLstm.Worker.Errors;

namespace EdgeLstm.Worker.Commands;

/// <summary>
/// Runs a command body and turns the errors users can cause into one line on stderr and an exit
/// code, never a stack trace. Anything else is a bug and is reported as such.
/// </summary>
public static class CommandRunner
{
    /// <summary>
    /// Runs the parsed command line. One that does not parse (a number that is not one, an unknown
    /// option, a missing argument) gets the parser's first complaint on one line of stderr, with where
    /// to find the options, and <see cref="ExitCodes.BadInput"/>: not the whole help page.
    /// </summary>
    public static int Invoke(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.Errors.Count == 0)
        {
            return parse.Invoke();
        }

        var command = parse.CommandResult.Command;
        var help = command is RootCommand ? "edge-lstm --help" : $"edge-lstm {command.Name} --help";
        var complaint = parse.Errors[0].Message.ReplaceLineEndings(" ").Trim();
        Console.Error.WriteLine($"edge-lstm: error: {complaint} ({help} lists the options)");
        return ExitCodes.BadInput;
    }

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (UserErrors.Describe(e) is { } described)
        {
            Console.Error.WriteLine($"edge-lstm: error: {described.Message}");
            return described.ExitCode;
        }
    }

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Ok;
        }
        catch (Exception e) when (UserErrors.Describe(e) is { } described)
        {
            await Console.Error.WriteLineAsync($"edge-lstm: error: {described.Message}");
            return described.ExitCode;
        }
    }
}
