namespace EdgeLstm.Tools.Onnx;

/// <summary>
/// Keys of the ModelProto.metadata_props that carry what ONNX has no place for: the feature
/// normalisation x̂ = (x − mean) / std, the output scale and prior, and the rates. Lists are
/// comma-separated, numbers invariant ("R" round-trip format), so an export imports back exactly.
/// </summary>
public static class OnnxMetadata
{
    public const string Name = "edge_lstm.name";
    public const string Features = "edge_lstm.features";
    public const string FeatureMean = "edge_lstm.feature_mean";
    public const string FeatureStd = "edge_lstm.feature_std";
    public const string OutputScale = "edge_lstm.output_scale";
    public const string Prior = "edge_lstm.prior";
    public const string PriorTau = "edge_lstm.prior_tau";
    public const string FrameRateHz = "edge_lstm.frame_rate_hz";
    public const string StepSeconds = "edge_lstm.step_seconds";
    public const string HorizonSteps = "edge_lstm.horizon_steps";
    public const string PriorSpeedScale = "edge_lstm.prior_speed_scale";
    public const string PriorYawSource = "edge_lstm.prior_yaw_source";
    public const string Members = "edge_lstm.members";
    public const string Provenance = "edge_lstm.provenance";

    /// <summary>Method of the per-pose uncertainty ("none" when the model has none); the numbers follow under <c>edge_lstm.uncertainty_*</c>.</summary>
    public const string UncertaintyMethod = "edge_lstm.uncertainty_method";

    /// <summary>
    /// θ (K, 3, 6) of ln σ = θ·(1, ln(|v|+v₀), ln(|ω|+ω₀), ln(s+s₀), ln(σ_v+a₀), ln(σ_ω+b₀)) for along, cross,
    /// yaw; exports before the activity inputs hold (K, 3, 4), read with those slopes 0.
    /// </summary>
    public const string UncertaintyCoefficients = "edge_lstm.uncertainty_coefficients";

    /// <summary>Calibration scale (K, 2): position, yaw.</summary>
    public const string UncertaintyScale = "edge_lstm.uncertainty_scale";

    /// <summary>CV-Gaussian baseline σ (K).</summary>
    public const string UncertaintyBaselineSigma = "edge_lstm.uncertainty_baseline_sigma";

    /// <summary>v₀, ω₀, s₀ (position), s₀ (yaw).</summary>
    public const string UncertaintyFloors = "edge_lstm.uncertainty_floors";

    /// <summary>T (s), a₀ (m/s), b₀ (rad/s) of the speed and yaw-rate variation; absent in older exports (1, 0.1, 0.1).</summary>
    public const string UncertaintyActivity = "edge_lstm.uncertainty_activity";

    public const string UncertaintyProvenance = "edge_lstm.uncertainty_provenance";

    /// <summary>ν of each step's Student-t position regions, K values ("Infinity": Gaussian; one value or absent: the same at every step).</summary>
    public const string UncertaintyDegreesOfFreedom = "edge_lstm.uncertainty_dof";

    /// <summary>ν of each step's Student-t heading intervals, K values ("Infinity": Gaussian; one value or absent: the same at every step).</summary>
    public const string UncertaintyYawDegreesOfFreedom = "edge_lstm.uncertainty_yaw_dof";
}
