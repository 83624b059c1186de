using EdgeLstm.Tools.Data;


namespace EdgeLstm.Tools.Training;

/// <summary>
/// The features a model can learn from the data it is given: the IMU's only when every training
/// recording has an IMU, so a robot with wheel odometry alone (v, w) trains on v, w and the gap flag.
/// </summary>
public static class FeatureSelection
{
    private static readonly HashSet<string> ImuFeatures = new(StringComparer.Ordinal) { "gx", "gy", "gz", "ax", "ay", "az" };

    public static IReadOnlyList<string> For(IReadOnlyList<Recording> recordings, IReadOnlyList<string> requested) =>
        recordings.All(r => r.HasImu) ? requested : [.. requested.Where(f => !ImuFeatures.Contains(f))];
}
