using EdgeLstm.Messaging.Connection;
using EdgeLstm.Messaging.Options;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Sensors.Replay;

namespace EdgeLstm.Worker.Errors;

/// <summary>
/// The errors a user can cause (bad input, a bad setting, an unreachable broker), each as one line
/// and an exit code; anything else is a bug. The one mapping that the command line and the worker
/// service share.
/// </summary>
public static class UserErrors
{
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
        InvalidMqttOptionException invalid => (MqttOptionErrors.Describe(invalid), ExitCodes.Configuration),
        ArgumentException argument => (Plain(argument), ExitCodes.BadInput),
        IOException => (OneLine(e.Message), ExitCodes.Failure),
        _ => null,
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    // .NET appends " (Parameter 'name')" and, out of range, a line "Actual value was x.": names from
    // the code, not from what the user typed. Keep the sentence; the value is in it or appended once.
    private static string Plain(ArgumentException e)
    {
        var text = e.Message.ReplaceLineEndings("\n").Split('\n')[0];
        var decoration = $" (Parameter '{e.ParamName}')";
        if (e.ParamName is not null && text.EndsWith(decoration, StringComparison.Ordinal))
        {
            text = text[..^decoration.Length];
        }

        return e is ArgumentOutOfRangeException { ActualValue: { } actual } && !text.Contains(actual.ToString() ?? string.Empty, StringComparison.Ordinal)
            ? $"{text.Trim()} (got {actual})"
            : text.Trim();
    }
}
