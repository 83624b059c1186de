using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// Portable paths of <see cref="Int8MatVec"/> for any CPU with 128- or 256-bit vectors: widen
/// int8 to int16, multiply (|w·x| ≤ 16129 fits int16), widen the products to int32 and add.
/// Slower than the ISA-specific paths, but exact and available everywhere.
/// </summary>
internal static class Int8MatVecPortable
{
    public static void Multiply128(ReadOnlySpan<sbyte> matrix, int rows, int stride, ReadOnlySpan<sbyte> vector, Span<int> result)
    {
        ref var m = ref MemoryMarshal.GetReference(matrix);
        ref var v = ref MemoryMarshal.GetReference(vector);
        for (var r = 0; r < rows; r++)
        {
            var row = (nuint)(r * stride);
            var acc = Vector128<int>.Zero;
            for (var k = 0; k < stride; k += 16)
            {
                var (xLow, xHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref v, (nuint)k));
                var (wLow, wHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref m, row + (nuint)k));
                acc = Add(acc, wLow * xLow);
                acc = Add(acc, wHigh * xHigh);
            }

            result[r] = Vector128.Sum(acc);
        }
    }

    public static void Multiply256(ReadOnlySpan<sbyte> matrix, int rows, int stride, ReadOnlySpan<sbyte> vector, Span<int> result)
    {
        ref var m = ref MemoryMarshal.GetReference(matrix);
        ref var v = ref MemoryMarshal.GetReference(vector);
        var wide = stride & ~31;
        for (var r = 0; r < rows; r++)
        {
            var row = (nuint)(r * stride);
            var acc = Vector256<int>.Zero;
            for (var k = 0; k < wide; k += 32)
            {
                var (xLow, xHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref v, (nuint)k));
                var (wLow, wHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref m, row + (nuint)k));
                acc = Add(acc, wLow * xLow);
                acc = Add(acc, wHigh * xHigh);
            }

            var sum = Vector256.Sum(acc);
            if (wide < stride)
            {
                // 16-column remainder: one int16 vector of products.
                var x = Vector256.WidenLower(Vector128.LoadUnsafe(ref v, (nuint)wide).ToVector256Unsafe());
                var w = Vector256.WidenLower(Vector128.LoadUnsafe(ref m, row + (nuint)wide).ToVector256Unsafe());
                var (low, high) = Vector256.Widen(w * x);
                sum += Vector256.Sum(low + high);
            }

            result[r] = sum;
        }
    }

    private static Vector128<int> Add(Vector128<int> acc, Vector128<short> products)
    {
        var (low, high) = Vector128.Widen(products);
        return acc + low + high;
    }

    private static Vector256<int> Add(Vector256<int> acc, Vector256<short> products)
    {
        var (low, high) = Vector256.Widen(products);
        return acc + low + high;
    }
}
