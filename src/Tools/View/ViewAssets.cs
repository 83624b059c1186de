namespace EdgeLstm.Tools.View;

/// <summary>
/// The page's files, embedded in the assembly (EdgeLstm.View.*): the view works offline and from a
/// single binary, with no CDN, web fonts or files to install beside it.
/// </summary>
internal static class ViewAssets
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["view.js"] = "text/javascript; charset=utf-8",
        ["view.css"] = "text/css; charset=utf-8",
    };

    public static IEnumerable<string> Names => ContentTypes.Keys;

    public static string ContentType(string name) => ContentTypes[name];

    /// <summary>The file's bytes; throws when the build left the resource out (a packaging bug, not a user error).</summary>
    public static byte[] Read(string name)
    {
        using var stream = typeof(ViewAssets).Assembly.GetManifestResourceStream($"EdgeLstm.View.{name}")
            ?? throw new InvalidOperationException($"embedded view file {name} is missing from this build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
