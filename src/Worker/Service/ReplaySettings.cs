namespace EdgeLstm.Worker.Service;

/// <summary>The replay source: files played one after another, paced like live sensors.</summary>
public sealed class ReplaySettings
{
    /// <summary>Replay v1 files (.csv or .csv.gz).</summary>
    public IList<string> Files { get; } = [];

    /// <summary>"1" (real time), "N" or "Nx" (N times real time) or "max".</summary>
    public string Speed { get; set; } = "1";

    /// <summary>Start again from the first file after the last one, for demonstrations and soak tests.</summary>
    public bool Loop { get; set; }
}
