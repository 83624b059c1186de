using EdgeLstm.Messaging.Connection;
using EdgeLstm.Messaging.Options;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Predictor.Worker;
using EdgeLstm.Sensors.Replay;

namespace EdgeLstm.Predictor.Cli;

/// <summary>
/// Runs a command body and turns the errors users can cause into one line on stderr and an exit
/// code, never a stack trace. Anything else is a bug and is reported as such.
/// </summary>
internal static class CliErrors
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (Describe(e) is { } described)
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
        catch (Exception e) when (Describe(e) is { } described)
        {
            await Console.Error.WriteLineAsync($"edge-lstm: error: {described.Message}");
            return described.ExitCode;
        }
    }

    /// <summary>The one line and exit code for an error a user can cause; null for a bug.</summary>
    public static (string Message, int ExitCode)? Describe(Exception e) => e switch
    {
        ReplayFormatException => (OneLine(e.Message), ExitCodes.BadInput),
        ModelFormatException => (OneLine(e.Message), ExitCodes.BadInput),
        FileNotFoundException f => ($"{f.FileName ?? "file"}: not found", ExitCodes.BadInput),
        DirectoryNotFoundException => (OneLine(e.Message), ExitCodes.BadInput),
        UnauthorizedAccessException => (OneLine(e.Message), ExitCodes.BadInput),
        ConfigurationException => (OneLine(e.Message), ExitCodes.Configuration),

        // A refused or unauthorised connection, a TLS failure: the broker, not the input.
        MqttConnectException => (OneLine(e.Message), ExitCodes.Failure),

        // Before ArgumentException, which it derives from: named by its configuration key.
        InvalidMqttOptionException invalid => (WorkerSettingsValidator.Describe(invalid), ExitCodes.Configuration),
        ArgumentException => (OneLine(e.Message), ExitCodes.BadInput),
        IOException => (OneLine(e.Message), ExitCodes.Failure),
        _ => null,
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
