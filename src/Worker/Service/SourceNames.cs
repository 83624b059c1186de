namespace EdgeLstm.Worker.Service;

/// <summary>The accepted values of <see cref="WorkerSettings.Source"/>.</summary>
public static class SourceNames
{
    public const string Simulator = "simulator";
    public const string Replay = "replay";
    public const string Hardware = "hardware";

    public static IReadOnlyList<string> All { get; } = [Simulator, Replay, Hardware];
}
