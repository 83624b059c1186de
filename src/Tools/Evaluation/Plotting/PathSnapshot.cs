namespace EdgeLstm.Tools.Evaluation.Plotting;

/// <summary>
/// One anchor of the plotted stretch: the true pose there and the model's path from it, both in the
/// world frame, and (for a model with uncertainty) the outlines of the 90 % regions of a few poses.
/// </summary>
internal sealed record PathSnapshot(double TimeSeconds, double X, double Y, double[] PathX, double[] PathY)
{
    /// <summary>Closed outlines (x, y) of the 90 % ellipses, world frame; empty without uncertainty.</summary>
    public IReadOnlyList<(double[] X, double[] Y)> Regions90 { get; init; } = [];
}
