namespace EdgeLstm.Predictor.Prediction;

/// <summary>How quickly <see cref="ResidualGuard"/> learns and forgets (run-time settings, not stored in the model).</summary>
public sealed record GuardSettings
{
    /// <summary>Memory of the guard: evidence older than this fades by 1/e (s).</summary>
    public double MemorySeconds { get; init; } = 30;

    /// <summary>Trust in the network before evidence: worth this many seconds of observations at gain 1.</summary>
    public double PriorSeconds { get; init; } = 2;

    /// <summary>False: the guard still measures and reports its gains but the path keeps the full residual.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Whether the guard also corrects the prior's turning for this run (<see cref="PriorCorrection"/>:
    /// a curvature scale and a rotation per horizon step, fitted with the gain on the realised
    /// odometry) and its headings (<see cref="HeadingCorrection"/>: a heading gain, scale and offset
    /// per step, fitted on the odometry's headings). False: the gain alone, as before the corrections
    /// existed.
    /// </summary>
    public bool CorrectsPrior { get; init; } = true;

    /// <summary>Trust in the uncorrected prior before evidence: the correction is pulled towards none by this many seconds of observations.</summary>
    public double CorrectionPriorSeconds { get; init; } = 30;

    /// <summary>
    /// γ of <see cref="SpreadCalibrator"/>: how fast the position spread and the yaw σ widen online when
    /// the realised odometry falls outside their 90 % regions more than one time in ten (in ln units per
    /// scored pose; each horizon step's pose is scored once per step, every 0.1 s); 0 keeps the spreads
    /// as the model file states them.
    /// </summary>
    public double SpreadAdaptation { get; init; } = 0.1;

    public void Validate()
    {
        if (!(MemorySeconds > 0 && double.IsFinite(MemorySeconds)))
        {
            throw new ArgumentOutOfRangeException(nameof(MemorySeconds), MemorySeconds, "the guard's memory (--guard-memory) must be a positive number of seconds");
        }

        if (!(PriorSeconds >= 0 && double.IsFinite(PriorSeconds)))
        {
            throw new ArgumentOutOfRangeException(nameof(PriorSeconds), PriorSeconds, "the guard's prior (--guard-prior) must be zero or more seconds");
        }

        if (!(CorrectionPriorSeconds > 0 && double.IsFinite(CorrectionPriorSeconds)))
        {
            throw new ArgumentOutOfRangeException(nameof(CorrectionPriorSeconds), CorrectionPriorSeconds, "the prior correction's prior (--correction-prior) must be a positive number of seconds");
        }

        if (!(SpreadAdaptation >= 0 && SpreadAdaptation <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SpreadAdaptation), SpreadAdaptation, "the spread's adaptation rate (--spread-adapt) must be in [0, 1]");
        }
    }
}
