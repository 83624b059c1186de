using System.Numerics;
using System.Runtime.InteropServices;

namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// The float ↔ int8/int32 stages around the matrix-vector products, vectorised with
/// <see cref="Vector{T}"/> (256-bit on x64 with AVX2, 128-bit on ARM64) and with a scalar tail that
/// computes exactly the same values (same multiply, same clamp, round-half-to-even).
/// </summary>
public static class Int8Conversions
{
    /// <summary>q_j = round(clamp(v_j · inverseScale, −127, 127)) for j &lt; |values|.</summary>
    public static void Quantise(ReadOnlySpan<float> values, float inverseScale, Span<sbyte> destination)
    {
        if (destination.Length < values.Length)
        {
            throw new ArgumentException($"int8 destination holds {destination.Length} values, {values.Length} needed", nameof(destination));
        }

        var j = 0;
        var floatsPerBlock = Vector<sbyte>.Count;
        if (Vector.IsHardwareAccelerated && values.Length >= floatsPerBlock)
        {
            ref var source = ref MemoryMarshal.GetReference(values);
            ref var target = ref MemoryMarshal.GetReference(destination);
            var floatWidth = (nuint)Vector<float>.Count;
            var multiplier = new Vector<float>(inverseScale);
            for (; j + floatsPerBlock <= values.Length; j += floatsPerBlock)
            {
                // Four float vectors make one int8 vector: int32 → int16 → int8 (values already in range).
                var at = (nuint)j;
                var a = ToInt32(Vector.LoadUnsafe(ref source, at), multiplier);
                var b = ToInt32(Vector.LoadUnsafe(ref source, at + floatWidth), multiplier);
                var c = ToInt32(Vector.LoadUnsafe(ref source, at + (2 * floatWidth)), multiplier);
                var d = ToInt32(Vector.LoadUnsafe(ref source, at + (3 * floatWidth)), multiplier);
                Vector.Narrow(Vector.Narrow(a, b), Vector.Narrow(c, d)).StoreUnsafe(ref target, at);
            }
        }

        for (; j < values.Length; j++)
        {
            destination[j] = (sbyte)MathF.Round(Math.Clamp(values[j] * inverseScale, -QuantisedMatrix.MaxValue, QuantisedMatrix.MaxValue));
        }
    }

    /// <summary>z_r = b_r + a_r · p_r + c_r · q_r: both products dequantised and the bias added.</summary>
    public static void DequantiseSum(ReadOnlySpan<float> bias, ReadOnlySpan<float> factorP, ReadOnlySpan<int> p, ReadOnlySpan<float> factorQ, ReadOnlySpan<int> q, Span<float> destination)
    {
        var n = destination.Length;
        if (bias.Length < n || factorP.Length < n || p.Length < n || factorQ.Length < n || q.Length < n)
        {
            throw new ArgumentException($"dequantise: {n} outputs need {n} values in every operand", nameof(destination));
        }

        // Refs and unchecked loads: the lengths were checked once above.
        ref var b = ref MemoryMarshal.GetReference(bias);
        ref var fp = ref MemoryMarshal.GetReference(factorP);
        ref var pp = ref MemoryMarshal.GetReference(p);
        ref var fq = ref MemoryMarshal.GetReference(factorQ);
        ref var qq = ref MemoryMarshal.GetReference(q);
        ref var z = ref MemoryMarshal.GetReference(destination);
        var r = 0;
        var width = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            for (; r + width <= n; r += width)
            {
                var i = (nuint)r;
                var sum = Vector.LoadUnsafe(ref b, i)
                    + (Vector.LoadUnsafe(ref fp, i) * Vector.ConvertToSingle(Vector.LoadUnsafe(ref pp, i)))
                    + (Vector.LoadUnsafe(ref fq, i) * Vector.ConvertToSingle(Vector.LoadUnsafe(ref qq, i)));
                sum.StoreUnsafe(ref z, i);
            }
        }

        for (; r < n; r++)
        {
            destination[r] = bias[r] + (factorP[r] * p[r]) + (factorQ[r] * q[r]);
        }
    }

    /// <summary>y_r = b_r + a_r · p_r.</summary>
    public static void Dequantise(ReadOnlySpan<float> bias, ReadOnlySpan<float> factor, ReadOnlySpan<int> p, Span<float> destination)
    {
        var n = destination.Length;
        if (bias.Length < n || factor.Length < n || p.Length < n)
        {
            throw new ArgumentException($"dequantise: {n} outputs need {n} values in every operand", nameof(destination));
        }

        ref var b = ref MemoryMarshal.GetReference(bias);
        ref var f = ref MemoryMarshal.GetReference(factor);
        ref var pp = ref MemoryMarshal.GetReference(p);
        ref var y = ref MemoryMarshal.GetReference(destination);
        var r = 0;
        var width = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            for (; r + width <= n; r += width)
            {
                var i = (nuint)r;
                var sum = Vector.LoadUnsafe(ref b, i) + (Vector.LoadUnsafe(ref f, i) * Vector.ConvertToSingle(Vector.LoadUnsafe(ref pp, i)));
                sum.StoreUnsafe(ref y, i);
            }
        }

        for (; r < n; r++)
        {
            destination[r] = bias[r] + (factor[r] * p[r]);
        }
    }

    private static Vector<int> ToInt32(Vector<float> values, Vector<float> multiplier)
    {
        var limit = new Vector<float>(QuantisedMatrix.MaxValue);
        var clamped = Vector.Min(Vector.Max(values * multiplier, -limit), limit);
        return Vector.ConvertToInt32(Vector.Round(clamped));
    }
}
