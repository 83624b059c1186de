namespace EdgeLstm.Predictor.Model;

/// <summary>One model input: its name (see <see cref="Features.FeatureExtractor"/>) and the
/// normalisation x̂ = (x − mean) / std learned from the training data and stored in the model.</summary>
public sealed record FeatureSpec(string Name, float Mean, float Std);
