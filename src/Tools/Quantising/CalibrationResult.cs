using EdgeLstm.Predictor.Quantisation;


namespace EdgeLstm.Tools.Quantising;

/// <summary>
/// What calibration saw of the normalised input x over the calibration frames, and the scale it
/// chose: s_x = bound / 127, bound = the <see cref="Percentile"/>-th percentile of |x|.
/// <see cref="Frames"/> counts the frames calibrated on; <see cref="SkippedFrames"/> those without
/// sensor data (no fresh IMU or odometry sample, or none at all).
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
    /// <summary>s_x: x ≈ s_x · x_q.</summary>
    public float InputScale => Bound / QuantisedMatrix.MaxValue;
}
