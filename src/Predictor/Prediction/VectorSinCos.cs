using System.Numerics;
using System.Runtime.InteropServices;

namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// Sine and cosine of a span of float angles, Vector&lt;float&gt; lanes at a time: the chord angles of the
/// spread, 20 a step. <c>TensorPrimitives.SinCos</c> calls <c>MathF.SinCos</c> lane by lane here (about
/// 70 instructions an angle under Native AOT); this is a fixed sequence of vector operations. Within
/// 4·10⁻⁷ of <c>MathF.SinCos</c> for |x| ≤ 10⁴ rad; larger angles, which no heading change reaches,
/// take the scalar path.
/// </summary>
public static class VectorSinCos
{
    // Beyond this |x| the reduction loses too many bits of x for float; MathF takes over.
    private const float VectorLimit = 1e4f;

    // 2/π, and π/2 split into three floats whose products with an integer q are exact (Cody and Waite).
    private const float TwoOverPi = 0.636619772f;
    private const float HalfPiHigh = 1.5703125f;
    private const float HalfPiMiddle = 4.83751297e-4f;
    private const float HalfPiLow = 7.54979013e-8f;

    /// <summary>
    /// x = q·π/2 + r, q = round(2x/π), |r| ≤ π/4; on r the Taylor series of sin to r⁹ and of cos to r¹⁰
    /// (truncation below 3·10⁻⁹ at π/4); then by the quadrant q mod 4:
    /// sin x = (sin r, cos r, −sin r, −cos r), cos x = (cos r, −sin r, −cos r, sin r).
    /// </summary>
    /// <param name="angles">Angles (rad); must not overlap the outputs.</param>
    public static void SinCos(ReadOnlySpan<float> angles, Span<float> sin, Span<float> cos)
    {
        var n = angles.Length;
        if (sin.Length != n || cos.Length != n)
        {
            throw new ArgumentException($"sin and cos must hold the {n} angles' results");
        }

        if (angles.Overlaps(sin) || angles.Overlaps(cos))
        {
            throw new ArgumentException("the angles must not share memory with the results");
        }

        var width = Vector<float>.Count;
        if (!Vector.IsHardwareAccelerated || n < width)
        {
            Scalar(angles, sin, cos);
            return;
        }

        ref var x = ref MemoryMarshal.GetReference(angles);
        ref var s = ref MemoryMarshal.GetReference(sin);
        ref var c = ref MemoryMarshal.GetReference(cos);

        // Every full vector, then the last one again ending at n: lanes it repeats get the same results.
        for (var i = 0; ; i += width)
        {
            var last = i >= n - width;
            var offset = (nuint)(last ? n - width : i);
            var value = Vector.LoadUnsafe(ref x, offset);
            if (Vector.GreaterThanAny(Vector.Abs(value), new Vector<float>(VectorLimit)))
            {
                Scalar(angles.Slice((int)offset, width), sin.Slice((int)offset, width), cos.Slice((int)offset, width));
            }
            else
            {
                Lanes(value, out var sine, out var cosine);
                sine.StoreUnsafe(ref s, offset);
                cosine.StoreUnsafe(ref c, offset);
            }

            if (last)
            {
                return;
            }
        }
    }

    private static void Lanes(Vector<float> x, out Vector<float> sin, out Vector<float> cos)
    {
        var q = Vector.Floor((x * TwoOverPi) + new Vector<float>(0.5f));
        var r = x - (q * HalfPiHigh) - (q * HalfPiMiddle) - (q * HalfPiLow);
        var r2 = r * r;

        // sin r = r·(1 − r²/3! + r⁴/5! − r⁶/7! + r⁸/9!), cos r = 1 − r²/2! + r⁴/4! − r⁶/6! + r⁸/8! − r¹⁰/10!
        var sinR = r * (Vector<float>.One + (r2 * (new Vector<float>(-1f / 6) + (r2 * (new Vector<float>(1f / 120) + (r2 * (new Vector<float>(-1f / 5040) + (r2 * (1f / 362880)))))))));
        var cosR = Vector<float>.One + (r2 * (new Vector<float>(-0.5f) + (r2 * (new Vector<float>(1f / 24) + (r2 * (new Vector<float>(-1f / 720) + (r2 * (new Vector<float>(1f / 40320) + (r2 * (-1f / 3628800))))))))));

        // Odd quadrants swap sin and cos; bit 1 of q negates the sine, bit 1 of q + 1 the cosine (the sign bit flipped).
        var quadrant = Vector.ConvertToInt32(q);
        var swap = Vector.Equals(quadrant & Vector<int>.One, Vector<int>.One);
        var sinSign = Vector.ShiftLeft(quadrant & new Vector<int>(2), 30);
        var cosSign = Vector.ShiftLeft((quadrant + Vector<int>.One) & new Vector<int>(2), 30);
        sin = Vector.AsVectorSingle(Vector.AsVectorInt32(Vector.ConditionalSelect(swap, cosR, sinR)) ^ sinSign);
        cos = Vector.AsVectorSingle(Vector.AsVectorInt32(Vector.ConditionalSelect(swap, sinR, cosR)) ^ cosSign);
    }

    private static void Scalar(ReadOnlySpan<float> angles, Span<float> sin, Span<float> cos)
    {
        for (var i = 0; i < angles.Length; i++)
        {
            (sin[i], cos[i]) = MathF.SinCos(angles[i]);
        }
    }
}
