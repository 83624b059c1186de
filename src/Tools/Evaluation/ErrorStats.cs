namespace EdgeLstm.Tools.Evaluation;

/// <summary>
/// Displacement errors in metres, averaged over anchors: ADE is the mean error over the steps up
/// to the horizon, FDE the error at the horizon. <see cref="PerStep"/> is the mean error at each step.
/// </summary>
public sealed record ErrorStats(double Ade, double Fde, double[] PerStep);
