namespace EdgeLstm.Fuzz;

/// <summary>
/// One file per process in memory-backed /dev/shm for the parsers that take a path (they detect
/// gzip, name the file in errors and open it themselves, which is part of what is fuzzed).
/// </summary>
internal static class ScratchFile
{
    private static readonly string Folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    public static string Write(string extension, byte[] content)
    {
        var path = Path.Combine(Folder, $"edge-lstm-fuzz-{Environment.ProcessId}{extension}");
        File.WriteAllBytes(path, content);
        return path;
    }
}
