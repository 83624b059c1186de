using System.IO.Compression;

namespace EdgeLstm.Worker.Recording;

/// <summary>
/// Where a recording goes. Rows are always written to a plain CSV file, because a gzip stream
/// cut by a crash cannot be read (its end is missing), while a cut CSV reads back to its last
/// complete row. For a ".gz" output the rows go to the same name without ".gz", which is
/// compressed into the requested file only at the clean end; after a crash the CSV is left.
/// </summary>
public sealed class RecordingTarget
{
    private RecordingTarget(string finalPath, string workingPath)
    {
        FinalPath = finalPath;
        WorkingPath = workingPath;
    }

    /// <summary>The file the user asked for.</summary>
    public string FinalPath { get; }

    /// <summary>The plain CSV written while recording (the final file unless compressing).</summary>
    public string WorkingPath { get; }

    public bool Compresses => !string.Equals(FinalPath, WorkingPath, StringComparison.Ordinal);

    /// <exception cref="ArgumentException">A ".gz" output whose working CSV already exists: it is not overwritten.</exception>
    public static RecordingTarget For(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return new RecordingTarget(path, path);
        }

        var working = path[..^3];
        if (File.Exists(working))
        {
            throw new ArgumentException($"--out {path}: the rows are recorded into {working} first (crash safe) and compressed at the end, but {working} already exists; move it or choose another name");
        }

        return new RecordingTarget(path, working);
    }

    /// <summary>
    /// For ".gz": compresses the working CSV into a temporary file, syncs it, renames it over the
    /// final name and only then deletes the CSV, so an interruption at any point leaves one
    /// complete recording behind.
    /// </summary>
    public void Complete()
    {
        if (!Compresses)
        {
            return;
        }

        var temporary = FinalPath + ".tmp";
        using (var input = new FileStream(WorkingPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan))
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        {
            using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            {
                input.CopyTo(gzip);
            }

            output.Flush(flushToDisk: true);
        }

        File.Move(temporary, FinalPath, overwrite: true);
        File.Delete(WorkingPath);
    }
}
