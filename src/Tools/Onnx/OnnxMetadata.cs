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
}
