namespace EdgeLstm.Tools.Evaluation;

/// <summary>
/// The model and the physics baselines on the same anchors. <see cref="Model"/> is the path as
/// published (guarded), <see cref="Unguarded"/> the network's full residual, <see cref="Prior"/> the
/// model's own (calibrated) prior alone; <see cref="MeanGuardGain"/> the guard's mean gain over anchors,
/// <see cref="MeanCurvatureCorrection"/>, <see cref="MeanRotationCorrection"/> and
/// <see cref="MeanConstantTurnShare"/> the mean β, γ and δ of its correction of the prior at the last
/// horizon step (NaN when it does not correct).
/// </summary>
public sealed record EvaluationResult(
    double HorizonSeconds,
    int Anchors,
    ErrorStats? Model,
    ErrorStats ConstantVelocity,
    ErrorStats ConstantTurnRate,
    ErrorStats? Unguarded = null,
    ErrorStats? Prior = null,
    double MeanGuardGain = double.NaN,
    double MeanCurvatureCorrection = double.NaN,
    double MeanRotationCorrection = double.NaN,
    double MeanConstantTurnShare = double.NaN)
{
    /// <summary>The best physics baseline's FDE: CV, CTRV and, with a model, its calibrated prior.</summary>
    public double BestBaselineFde => Math.Min(Math.Min(ConstantVelocity.Fde, ConstantTurnRate.Fde), Prior?.Fde ?? double.PositiveInfinity);

    /// <summary>The best physics baseline's ADE.</summary>
    public double BestBaselineAde => Math.Min(Math.Min(ConstantVelocity.Ade, ConstantTurnRate.Ade), Prior?.Ade ?? double.PositiveInfinity);
}
