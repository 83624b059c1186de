using EdgeLstm.Sensors.Replay;
using EdgeLstm.Tools.Data;

namespace EdgeLstm.Fuzz;

/// <summary>
/// Replay v1, plain and gzip, through what `edge-lstm eval` and `train` do with it: the reader,
/// the frame assembler and the future-path targets. The documented error is <see cref="ReplayFormatException"/>.
/// </summary>
internal static class ReplayTarget
{
    public static void Plain(byte[] input) => Load(ScratchFile.Write(".csv", input));

    public static void Gzip(byte[] input) => Load(ScratchFile.Write(".csv.gz", input));

    private static void Load(string path)
    {
        try
        {
            var recording = RecordingLoader.Load(path, 50, 20, 0.1);
            _ = recording.Length;
        }
        catch (ReplayFormatException)
        {
        }
    }
}
