using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace EdgeLstm.Architecture.Tests;

/// <summary>
/// Dependencies point one way, between projects and between the namespaces inside each: runtime
/// below worker below tools; within a project, no two namespaces use each other.
/// </summary>
public sealed class DependencyDirectionTests
{
    /// <summary>What the runtime must never reach for: it is embedded in other people's programs.</summary>
    private static readonly string[] ForbiddenInRuntime =
    [
        "Microsoft.Extensions.Hosting",
        "System.CommandLine",
        "Microsoft.AspNetCore",
        "ScottPlot",
        "SkiaSharp",
        "Google.Protobuf",
        "MQTTnet",
        "EdgeLstm.Worker",
        "EdgeLstm.Tools",
        "EdgeLstm.Messaging",
    ];

    [Fact]
    public void No_Namespace_Cycle_In_Any_Project()
    {
        // Each namespace its own slice: EdgeLstm.Worker.Service and EdgeLstm.Worker.Commands are two.
        SliceRuleDefinition.Slices().Matching("EdgeLstm.(**)").Should().BeFreeOfCycles()
            .Check(ProjectAssemblies.Architecture);
    }

    [Fact]
    public void Runtime_References_No_Hosting_Cli_Web_Plotting_Protobuf_Or_Mqtt_Assembly()
    {
        var referenced = ProjectAssemblies.Runtime.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();
        var offending = referenced.Where(name => ForbiddenInRuntime.Any(f => name.StartsWith(f, StringComparison.Ordinal))).ToList();
        Assert.True(offending.Count == 0, $"the runtime references {string.Join(", ", offending)}");
    }

    [Fact]
    public void Runtime_Types_Depend_On_No_Hosting_Cli_Web_Plotting_Protobuf_Or_Mqtt_Type()
    {
        foreach (var forbidden in ForbiddenInRuntime)
        {
            Types().That().ResideInAssembly(ProjectAssemblies.Runtime)
                .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(forbidden.Replace(".", "\\.", StringComparison.Ordinal) + "(\\..*)?$"))
                .Because($"the runtime is a library for any .NET program, and {forbidden} is an app's concern")
                .Check(ProjectAssemblies.Architecture);
        }
    }

    [Fact]
    public void Sensors_And_Messaging_Know_Nothing_Of_Each_Other_Or_Of_The_Predictor()
    {
        Types().That().ResideInAssembly(ProjectAssemblies.Sensors)
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching("^EdgeLstm\\.(Messaging|Predictor|Worker|Tools)(\\..*)?$"))
            .Check(ProjectAssemblies.Architecture);
        Types().That().ResideInAssembly(ProjectAssemblies.Messaging)
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching("^EdgeLstm\\.(Sensors|Predictor|Worker|Tools)(\\..*)?$"))
            .Check(ProjectAssemblies.Architecture);
    }

    [Fact]
    public void Worker_Does_Not_Reach_Up_To_The_Desktop_Tools()
    {
        Types().That().ResideInAssembly(ProjectAssemblies.Worker)
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching("^EdgeLstm\\.Tools(\\..*)?$"))
            .Check(ProjectAssemblies.Architecture);
    }
}
