namespace EdgeLstm.Tests.Shared;

/// <summary>
/// Locates the repository and the shared real recordings (../shared/data/real beside the clone),
/// so tests run the same from the IDE, from dotnet test and from CI's fresh clone.
/// </summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string RealDataDir => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "real"));

    public static string RealRecording(string name) => Path.Combine(RealDataDir, name);

    public static IReadOnlyList<string> RealRecordings { get; } = ["f1tenth-ds1.csv", "f1tenth-ds2.csv", "f1tenth-ds3.csv"];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "edge-lstm.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"edge-lstm.sln not found above {AppContext.BaseDirectory}");
    }
}
