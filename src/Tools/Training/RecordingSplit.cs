using EdgeLstm.Tools.Data;


namespace EdgeLstm.Tools.Training;

/// <summary>
/// Time-blocked hold-out: the last fraction of a recording for early stopping, the rest for fitting.
/// The fitting part ends a horizon before the held-out part starts, so no fitted target looks into it.
/// </summary>
public static class RecordingSplit
{
    public static (Recording Fit, Recording Holdout) Split(Recording recording, double holdoutFraction, double frameRateHz, double horizonSeconds)
    {
        var n = recording.Length;
        var start = (int)Math.Round(n * (1 - holdoutFraction));
        var gap = (int)Math.Ceiling(horizonSeconds * frameRateHz);
        var fitEnd = Math.Max(0, start - gap);
        return (Slice(recording, 0, fitEnd, "fit"), Slice(recording, start, n, "holdout"));
    }

    public static Recording Slice(Recording r, int from, int to, string part)
    {
        var outputs = 3 * r.HorizonSteps;
        return new Recording(
            $"{r.Name} ({part} {from}..{to})",
            r.Frames[from..to],
            r.Targets[(from * outputs)..(to * outputs)],
            r.KnownSteps[from..to],
            r.TargetsFromGroundTruth,
            r.HorizonSteps,
            r.HasImu);
    }
}
