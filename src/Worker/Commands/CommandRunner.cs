using EdgeLstm.Worker.Errors;

namespace EdgeLstm.Worker.Commands;

/// <summary>
/// Runs a command body and turns the errors users can cause into one line on stderr and an exit
/// code, never a stack trace. Anything else is a bug and is reported as such.
/// </summary>
public static class CommandRunner
{
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
