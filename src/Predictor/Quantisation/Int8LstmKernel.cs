using EdgeLstm.Predictor.Model;



namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// The int8 LSTM step and head: int8 weights (one scale per row), int8 x and h into each
/// matrix-vector product, int32 accumulation, float gate arithmetic shared with the reference
/// <see cref="FloatLstmKernel"/>. One call per frame, batch 1, no allocation; every factor it
/// multiplies by was computed at load in <see cref="QuantisedLstmWeights"/>.
/// </summary>
public static class Int8LstmKernel
{
    /// <summary>
    /// One streaming step on <c>state.Float.Input</c>, updating h, c, h_q and the head's output.
    /// </summary>
    public static void Step(QuantisedLstmWeights weights, Int8LstmState state, Int8MatVecPath path)
    {
        var hiddenSize = weights.HiddenSize;
        var s = state.Float;
        QuantiseInput(weights, s.Input, state.QuantisedInput);
        GatePreActivations(weights, state, path, s.Gates);
        FloatLstmKernel.ActivateGates(s.Gates, hiddenSize);
        FloatLstmKernel.UpdateCell(s.Gates, s.Cell, hiddenSize);
        FloatLstmKernel.UpdateHidden(s.Gates, s.Cell, s.Hidden, hiddenSize);
        QuantiseHidden(s.Hidden, state.QuantisedHidden);
        Head(weights, state, path, s.Output);
    }

    /// <summary>
    /// x_q = round(clamp(x / s_x, −127, 127)): values beyond the calibrated range saturate.
    /// </summary>
    public static void QuantiseInput(QuantisedLstmWeights weights, ReadOnlySpan<float> input, Span<sbyte> quantisedInput) =>
        Int8Conversions.Quantise(input, weights.InverseInputScale, quantisedInput);

    /// <summary>
    /// z = b + (s_W·s_x) ⊙ (W_q·x_q) + (s_U·s_h) ⊙ (U_q·h_q): (4H) in i, f, g, o order, where h_q
    /// is the previous step's hidden state. The products are exact int32; only the scaling is float.
    /// </summary>
    public static void GatePreActivations(QuantisedLstmWeights weights, Int8LstmState state, Int8MatVecPath path, Span<float> gates)
    {
        var w = weights.InputWeights;
        var u = weights.RecurrentWeights;
        Int8MatVec.Multiply(path, w.Values, w.PaddedRows, w.Stride, state.QuantisedInput, state.InputProducts);
        Int8MatVec.Multiply(path, u.Values, u.PaddedRows, u.Stride, state.QuantisedHidden, state.RecurrentProducts);
        Int8Conversions.DequantiseSum(weights.GateBias, weights.GateInputFactors, state.InputProducts, weights.GateRecurrentFactors, state.RecurrentProducts, gates[..(4 * weights.HiddenSize)]);
    }

    /// <summary>
    /// h_q = round(127·h): h ∈ (−1, 1), so the fixed scale s_h = 1/127 never saturates.
    /// </summary>
    public static void QuantiseHidden(ReadOnlySpan<float> hidden, Span<sbyte> quantisedHidden) =>
        Int8Conversions.Quantise(hidden, QuantisedMatrix.MaxValue, quantisedHidden);

    /// <summary>
    /// y = b_y + (s_Wy·s_h) ⊙ (W_y,q·h_q): (3K) pose residuals in units of the output scale.
    /// </summary>
    public static void Head(QuantisedLstmWeights weights, Int8LstmState state, Int8MatVecPath path, Span<float> output)
    {
        var wy = weights.HeadWeights;
        Int8MatVec.Multiply(path, wy.Values, wy.PaddedRows, wy.Stride, state.QuantisedHidden, state.HeadProducts);
        Int8Conversions.Dequantise(weights.HeadBias, weights.HeadFactors, state.HeadProducts, output[..weights.OutputSize]);
    }
}
