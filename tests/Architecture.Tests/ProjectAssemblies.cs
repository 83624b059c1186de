using System.Reflection;

using ArchUnitNET.Loader;

namespace EdgeLstm.Architecture.Tests;

/// <summary>The project's own assemblies, loaded once for every rule.</summary>
internal static class ProjectAssemblies
{
    public static Assembly Sensors { get; } = typeof(Sensors.Frames.Frame).Assembly;

    public static Assembly Messaging { get; } = typeof(Messaging.Options.InvalidMqttOptionException).Assembly;

    public static Assembly Runtime { get; } = typeof(Predictor.Loading.ModelLoader).Assembly;

    public static Assembly Worker { get; } = typeof(Worker.Errors.ExitCodes).Assembly;

    public static Assembly Tools { get; } = typeof(Tools.Commands.ToolCommands).Assembly;

    public static IReadOnlyList<Assembly> All { get; } = [Sensors, Messaging, Runtime, Worker, Tools];

    public static ArchUnitNET.Domain.Architecture Architecture { get; } = new ArchLoader().LoadAssemblies([.. All]).Build();
}
