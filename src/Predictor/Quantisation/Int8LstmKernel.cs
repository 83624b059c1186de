using System.Diagnostics;

namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// The int8 LSTM step and head: int8 weights (one scale per row), int8 x and h into each
/// matrix-vector product, exact int32 sums, float gate arithmetic that gives, bit for bit, what the
/// float reference's stages (<see cref="Model.FloatLstmKernel"/>) give on the same pre-activations.
/// One call per frame, batch 1, no allocation, no copies between stages; every shape was checked and
/// every factor computed at load (<see cref="QuantisedLstmWeights"/>, <see cref="Int8PackedWeights"/>).
/// </summary>
public static class Int8LstmKernel
{
    /// <summary>One streaming step on <c>state.Input</c>, updating h, c, h_q and the head's output.</summary>
    public static void Step(QuantisedLstmWeights weights, Int8LstmState state, Int8MatVecPath path)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(state);
        var packed = weights.Packed;
        Debug.Assert(state.Gates.Length == packed.GateRows && state.PaddedCell.Length == packed.UnitStride, "state built for these weights");
        QuantiseInput(weights, state);
        GatePreActivations(packed, state, path);
        Int8LstmCell.Update(state.Gates, packed.UnitStride, state.PaddedCell, state.PaddedHidden);
        QuantiseHidden(state);
        Head(packed, state, path);
    }

    /// <summary>x_q = round(clamp(x / s_x, −127, 127)): values beyond the calibrated range saturate.</summary>
    private static void QuantiseInput(QuantisedLstmWeights weights, Int8LstmState state) =>
        Int8Conversions.Quantise(state.Input, weights.InverseInputScale, state.QuantisedInput);

    /// <summary>
    /// z = b + (s_W·s_x) ⊙ (W_q·x_q), then z = z + (s_U·s_h) ⊙ (U_q·h_q): each product's
    /// dequantisation is the epilogue of its matrix-vector loop, writing the gates in place, where
    /// h_q is the previous step's hidden state. The products are exact int32; only the scaling is float.
    /// </summary>
    private static void GatePreActivations(Int8PackedWeights packed, Int8LstmState state, Int8MatVecPath path)
    {
        Int8MatVec.MultiplyUnchecked(path, packed.InputWeights, state.QuantisedInput, packed.GateInputFactors, packed.GateBias, state.Gates);
        Int8MatVec.MultiplyUnchecked(path, packed.RecurrentWeights, state.QuantisedHidden, packed.GateRecurrentFactors, state.Gates, state.Gates);
    }

    /// <summary>h_q = round(127·h): h ∈ (−1, 1), so the fixed scale s_h = 1/127 never saturates.</summary>
    private static void QuantiseHidden(Int8LstmState state) =>
        Int8Conversions.Quantise(state.PaddedHidden, QuantisedMatrix.MaxValue, state.QuantisedHidden);

    /// <summary>y = b_y + (s_Wy·s_h) ⊙ (W_y,q·h_q): (3K) pose residuals in units of the output scale.</summary>
    private static void Head(Int8PackedWeights packed, Int8LstmState state, Int8MatVecPath path) =>
        Int8MatVec.MultiplyUnchecked(path, packed.HeadWeights, state.QuantisedHidden, packed.HeadFactors, packed.HeadBias, state.PaddedOutput);
}
