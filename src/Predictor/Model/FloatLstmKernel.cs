using System.Numerics.Tensors;

namespace EdgeLstm.Predictor.Model;

/// <summary>
/// The float32 LSTM step and head: the reference every other implementation is measured against.
/// One call per frame, batch 1; (h, c) carried in <see cref="LstmState"/>; no allocation.
/// </summary>
public static class FloatLstmKernel
{
    /// <summary>
    /// One streaming step on <c>state.Input</c>, updating <c>state.Hidden</c>, <c>state.Cell</c> and
    /// <c>state.Output</c>.
    /// </summary>
    public static void Step(LstmWeights weights, LstmState state)
    {
        var hiddenSize = weights.HiddenSize;
        var gates = state.Gates.AsSpan();
        GatePreActivations(weights, state.Input, state.Hidden, gates);
        ActivateGates(gates, hiddenSize);
        UpdateCell(gates, state.Cell, hiddenSize);
        UpdateHidden(gates, state.Cell, state.Hidden, hiddenSize);
        Head(weights, state.Hidden, state.Output);
    }

    /// <summary>
    /// z = W·x + U·h + b for all four gates at once: z is (4H), rows in i, f, g, o order.
    /// </summary>
    public static void GatePreActivations(LstmWeights weights, ReadOnlySpan<float> input, ReadOnlySpan<float> hidden, Span<float> gates)
    {
        var inputSize = weights.InputSize;
        var hiddenSize = weights.HiddenSize;
        ReadOnlySpan<float> w = weights.InputWeights;
        ReadOnlySpan<float> u = weights.RecurrentWeights;
        ReadOnlySpan<float> b = weights.GateBias;
        for (var row = 0; row < gates.Length; row++)
        {
            gates[row] = b[row]
                + TensorPrimitives.Dot(w.Slice(row * inputSize, inputSize), input)
                + TensorPrimitives.Dot(u.Slice(row * hiddenSize, hiddenSize), hidden);
        }
    }

    /// <summary>
    /// i = σ(z_i), f = σ(z_f), g = tanh(z_g), o = σ(z_o), in place.
    /// </summary>
    public static void ActivateGates(Span<float> gates, int hiddenSize)
    {
        var inputAndForget = gates[..(2 * hiddenSize)];
        TensorPrimitives.Sigmoid(inputAndForget, inputAndForget);
        var candidate = gates.Slice(2 * hiddenSize, hiddenSize);
        TensorPrimitives.Tanh(candidate, candidate);
        var output = gates.Slice(3 * hiddenSize, hiddenSize);
        TensorPrimitives.Sigmoid(output, output);
    }

    /// <summary>
    /// c' = f ⊙ c + i ⊙ g: the forget gate scales the old cell, the input gate admits the candidate.
    /// </summary>
    public static void UpdateCell(ReadOnlySpan<float> gates, Span<float> cell, int hiddenSize)
    {
        var inputGate = gates[..hiddenSize];
        var forgetGate = gates.Slice(hiddenSize, hiddenSize);
        var candidate = gates.Slice(2 * hiddenSize, hiddenSize);
        TensorPrimitives.Multiply(cell, forgetGate, cell);
        TensorPrimitives.FusedMultiplyAdd(inputGate, candidate, cell, cell);
    }

    /// <summary>
    /// h' = o ⊙ tanh(c').
    /// </summary>
    public static void UpdateHidden(ReadOnlySpan<float> gates, ReadOnlySpan<float> cell, Span<float> hidden, int hiddenSize)
    {
        var outputGate = gates.Slice(3 * hiddenSize, hiddenSize);
        TensorPrimitives.Tanh(cell, hidden);
        TensorPrimitives.Multiply(hidden, outputGate, hidden);
    }

    /// <summary>
    /// y = W_y·h + b_y: (3K) pose residuals in units of the output scale.
    /// </summary>
    public static void Head(LstmWeights weights, ReadOnlySpan<float> hidden, Span<float> output)
    {
        var hiddenSize = weights.HiddenSize;
        ReadOnlySpan<float> wy = weights.HeadWeights;
        ReadOnlySpan<float> by = weights.HeadBias;
        for (var row = 0; row < output.Length; row++)
        {
            output[row] = by[row] + TensorPrimitives.Dot(wy.Slice(row * hiddenSize, hiddenSize), hidden);
        }
    }
}
