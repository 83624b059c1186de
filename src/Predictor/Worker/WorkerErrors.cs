using EdgeLstm.Messaging.Connection;
using EdgeLstm.Messaging.Options;
using EdgeLstm.Predictor.Cli;

namespace EdgeLstm.Predictor.Worker;

/// <summary>
/// Adds the messaging failures to <see cref="CliErrors"/>: a refused or unauthorised connection,
/// a TLS failure and a bad MQTT option each end as one line on stderr and a non-zero exit code.
/// </summary>
internal static class WorkerErrors
{
    public static Task<int> RunAsync(Func<Task<int>> body) => CliErrors.RunAsync(async () =>
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (Describe(e) is { } described)
        {
            await Console.Error.WriteLineAsync($"edge-lstm: error: {described.Message}");
            return described.ExitCode;
        }
    });

    public static (string Message, int ExitCode)? Describe(Exception e) => e switch
    {
        MqttConnectException => (OneLine(e.Message), ExitCodes.Failure),
        InvalidMqttOptionException invalid => (WorkerSettingsValidator.Describe(invalid), ExitCodes.Configuration),
        _ => CliErrors.Describe(e),
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
