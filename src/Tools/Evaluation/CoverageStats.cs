namespace EdgeLstm.Tools.Evaluation;

/// <summary>
/// How honest a predicted spread is at one horizon: the share of true positions inside the 50 % and
/// 90 % regions, the mean negative log-likelihood of the true position (nats, 2-D), and the observed
/// coverage at each of <see cref="CoverageEvaluator.NominalLevels"/> (the reliability diagram).
/// </summary>
public sealed record CoverageStats(double Inside50, double Inside90, double MeanNll, double[] Observed)
{
    /// <summary>Mean |error| of the prediction itself (headings: radians); NaN where not measured (positions).</summary>
    public double MeanAbsoluteError { get; init; } = double.NaN;
}

/// <summary>
/// The model's and the CV-Gaussian baseline's <see cref="CoverageStats"/> of positions at one horizon,
/// and the model's of headings (<see cref="Yaw"/>: the share of true headings inside the 50 % and 90 %
/// intervals of the pose's yaw σ, and the 1-D NLL).
/// </summary>
public sealed record HorizonCoverage(double Seconds, int Anchors, CoverageStats Model, CoverageStats Baseline, CoverageStats Yaw);
