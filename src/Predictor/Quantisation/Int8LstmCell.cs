using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// The gate activations and the state update of the int8 step, one pass over the units with every
/// value in registers (no span wrappers, no gate buffer written back). The formulas are those
/// TensorPrimitives uses, so the results equal the float reference's stages bit for bit:
/// σ(z) = 1 / (1 + e^(−z)) and tanh(z) = sign(z) · (−m / (m + 2)) with m = e^(−2|z|) − 1, both on
/// <see cref="Vector.Exp(Vector{float})"/>; the fused multiply-add of the cell is fused here too.
/// </summary>
internal static class Int8LstmCell
{
    /// <summary>
    /// For each unit j: i = σ(z_i), f = σ(z_f), g = tanh(z_g), o = σ(z_o);
    /// c' = f ⊙ c + i ⊙ g (f·c rounded, then one fused multiply-add); h' = o ⊙ tanh(c').
    /// Gate g of unit j is at g·unitStride + j; unitStride is a whole number of vectors.
    /// </summary>
    public static void Update(ReadOnlySpan<float> gates, int unitStride, Span<float> cell, Span<float> hidden)
    {
        Debug.Assert(unitStride % Vector<float>.Count == 0 && gates.Length >= 4 * unitStride && cell.Length >= unitStride && hidden.Length >= unitStride, "padded shapes");
        ref var z = ref MemoryMarshal.GetReference(gates);
        ref var c = ref MemoryMarshal.GetReference(cell);
        ref var h = ref MemoryMarshal.GetReference(hidden);
        var stride = (nuint)unitStride;
        for (nuint j = 0; j < stride; j += (nuint)Vector<float>.Count)
        {
            var input = Sigmoid(Vector.LoadUnsafe(ref z, j));
            var forget = Sigmoid(Vector.LoadUnsafe(ref z, stride + j));
            var candidate = Tanh(Vector.LoadUnsafe(ref z, (2 * stride) + j));
            var output = Sigmoid(Vector.LoadUnsafe(ref z, (3 * stride) + j));
            var newCell = Vector.FusedMultiplyAdd(input, candidate, Vector.LoadUnsafe(ref c, j) * forget);
            newCell.StoreUnsafe(ref c, j);
            (Tanh(newCell) * output).StoreUnsafe(ref h, j);
        }
    }

    /// <summary>σ(z) = 1 / (1 + e^(−z)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Sigmoid(Vector<float> z) => Vector<float>.One / (Vector<float>.One + Vector.Exp(-z));

    /// <summary>tanh(z) = sign(z) · (−m / (m + 2)), m = e^(−2|z|) − 1: exact at 0, ±1 for large |z|.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Tanh(Vector<float> z)
    {
        var magnitude = Vector.Abs(z);
        var m = Vector.Exp(Vector<float>.Zero - magnitude - magnitude) - Vector<float>.One;
        return Vector.CopySign(-m / (m + new Vector<float>(2f)), z);
    }
}
