using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        // z = W·x first, then z = b + z + U·h: the same additions as b + W·x + U·h, row by row.
        MatVec(weights.InputWeights, weights.InputSize, input, ReadOnlySpan<float>.Empty, gates);
        MatVec(weights.RecurrentWeights, weights.HiddenSize, hidden, weights.GateBias, gates);
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
        output.Clear();
        MatVec(weights.HeadWeights, weights.HiddenSize, hidden, weights.HeadBias, output);
    }

    /// <summary>
    /// r_j = M_j·v (no bias) or r_j = b_j + r_j + M_j·v, for the rows j of M (|r| × n, row-major).
    /// Four rows at a time, so each load of v feeds four fused multiply-adds; this is 2–3× faster
    /// than one dot product a row at these sizes, and differs from it only in float rounding.
    /// </summary>
    private static void MatVec(ReadOnlySpan<float> matrix, int n, ReadOnlySpan<float> v, ReadOnlySpan<float> bias, Span<float> result)
    {
        var rows = result.Length;
        if (matrix.Length < rows * n || v.Length < n || (!bias.IsEmpty && bias.Length < rows))
        {
            throw new ArgumentException($"matvec: ({rows}, {n}) over matrix {matrix.Length}, vector {v.Length}");
        }

        ref var m = ref MemoryMarshal.GetReference(matrix);
        ref var x = ref MemoryMarshal.GetReference(v);
        var width = Vector<float>.Count;
        var vectorEnd = Vector.IsHardwareAccelerated ? n - (n % width) : 0;
        var r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            var row0 = (nuint)(r * n);
            var row1 = row0 + (nuint)n;
            var row2 = row1 + (nuint)n;
            var row3 = row2 + (nuint)n;
            var a0 = Vector<float>.Zero;
            var a1 = Vector<float>.Zero;
            var a2 = Vector<float>.Zero;
            var a3 = Vector<float>.Zero;
            var k = 0;
            for (; k < vectorEnd; k += width)
            {
                var xk = Vector.LoadUnsafe(ref x, (nuint)k);
                a0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref m, row0 + (nuint)k), xk, a0);
                a1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref m, row1 + (nuint)k), xk, a1);
                a2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref m, row2 + (nuint)k), xk, a2);
                a3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref m, row3 + (nuint)k), xk, a3);
            }

            var s0 = Vector.Sum(a0);
            var s1 = Vector.Sum(a1);
            var s2 = Vector.Sum(a2);
            var s3 = Vector.Sum(a3);
            for (; k < n; k++)
            {
                var xk = Unsafe.Add(ref x, k);
                s0 += Unsafe.Add(ref m, row0 + (nuint)k) * xk;
                s1 += Unsafe.Add(ref m, row1 + (nuint)k) * xk;
                s2 += Unsafe.Add(ref m, row2 + (nuint)k) * xk;
                s3 += Unsafe.Add(ref m, row3 + (nuint)k) * xk;
            }

            Store(result, bias, r, s0);
            Store(result, bias, r + 1, s1);
            Store(result, bias, r + 2, s2);
            Store(result, bias, r + 3, s3);
        }

        for (; r < rows; r++)
        {
            Store(result, bias, r, TensorPrimitives.Dot(matrix.Slice(r * n, n), v[..n]));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<float> result, ReadOnlySpan<float> bias, int row, float dot) =>
        result[row] = bias.IsEmpty ? dot : bias[row] + result[row] + dot;
}
