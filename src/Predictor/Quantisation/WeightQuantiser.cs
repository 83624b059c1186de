using EdgeLstm.Predictor.Model;


namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// Float weights to the int8 kernel's: symmetric, one scale per output row, no data needed. The
/// input scale comes from calibration (desktop tools) or from a model file.
/// </summary>
public static class WeightQuantiser
{
    /// <summary>W, U, W_y to int8 with per-row scales; biases stay float.</summary>
    public static QuantisedLstmWeights Quantise(LstmWeights weights, float inputScale) => new(
        QuantisedMatrix.Quantise(weights.InputWeights, 4 * weights.HiddenSize, weights.InputSize),
        QuantisedMatrix.Quantise(weights.RecurrentWeights, 4 * weights.HiddenSize, weights.HiddenSize),
        (float[])weights.GateBias.Clone(),
        QuantisedMatrix.Quantise(weights.HeadWeights, weights.OutputSize, weights.HiddenSize),
        (float[])weights.HeadBias.Clone(),
        inputScale);
}
