using EdgeLstm.Predictor.Quantisation;


namespace EdgeLstm.Tools.Quantising;

/// <summary>
/// What calibration saw of the normalised input x over the calibration frames, and the scale it
/// chose: s_x = bound / 127, bound = the <see cref="Percentile"/>-th percentile of |x|.
/// <see cref="Frames"/> counts the frames calibrated on; <see cref="SkippedFrames"/> those without
/// sensor data (no fresh IMU or odometry sample, or none at all). <see cref="Bound"/> and
/// <see cref="InputScale"/> pool every feature (one scale for all, as the kernel's raw inputs);
/// <see cref="FeatureBounds"/> are each feature's own percentile, what <c>quantize</c> equalises to.
/// </summary>
public sealed record CalibrationResult(
    int Files,
    int Frames,
    int SkippedFrames,
    IReadOnlyList<float> FeatureMaxAbs,
    float MaxAbs,
    double Percentile,
    float Bound,
    double ClippedFraction)
{
    /// <summary>Each feature's <see cref="Percentile"/>-th percentile of |x_j|.</summary>
    public IReadOnlyList<float> FeatureBounds { get; init; } = [];

    /// <summary>Share of all values beyond their own feature's bound.</summary>
    public double FeatureClippedFraction { get; init; }

    /// <summary>s_x of one pooled scale: x ≈ s_x · x_q.</summary>
    public float InputScale => Bound / QuantisedMatrix.MaxValue;
}
