using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// ARM64 paths of <see cref="Int8MatVec"/>: signed × signed bytes are native on ARM, so no sign
/// trick is needed. Four rows at a time; the four accumulators fold with two pairwise adds.
/// </summary>
internal static class Int8MatVecArm
{
    /// <summary>
    /// Dot-product extension (Cortex-A76, Raspberry Pi 5): per 16 columns, acc_r = sdot(acc_r, w_r, x)
    /// adds four products into each of the four int32 lanes.
    /// </summary>
    public static void MultiplyDotProduct(ReadOnlySpan<sbyte> matrix, int rows, int stride, ReadOnlySpan<sbyte> vector, Span<int> result)
    {
        ref var m = ref MemoryMarshal.GetReference(matrix);
        ref var v = ref MemoryMarshal.GetReference(vector);
        ref var output = ref MemoryMarshal.GetReference(result);
        for (var r = 0; r < rows; r += Int8MatVec.RowBlock)
        {
            var row0 = (nuint)(r * stride);
            var row1 = row0 + (nuint)stride;
            var row2 = row1 + (nuint)stride;
            var row3 = row2 + (nuint)stride;
            var acc0 = Vector128<int>.Zero;
            var acc1 = Vector128<int>.Zero;
            var acc2 = Vector128<int>.Zero;
            var acc3 = Vector128<int>.Zero;
            for (var k = 0; k < stride; k += 16)
            {
                var x = Vector128.LoadUnsafe(ref v, (nuint)k);
                acc0 = Dp.DotProduct(acc0, Vector128.LoadUnsafe(ref m, row0 + (nuint)k), x);
                acc1 = Dp.DotProduct(acc1, Vector128.LoadUnsafe(ref m, row1 + (nuint)k), x);
                acc2 = Dp.DotProduct(acc2, Vector128.LoadUnsafe(ref m, row2 + (nuint)k), x);
                acc3 = Dp.DotProduct(acc3, Vector128.LoadUnsafe(ref m, row3 + (nuint)k), x);
            }

            Fold(acc0, acc1, acc2, acc3).StoreUnsafe(ref output, (nuint)r);
        }
    }

    /// <summary>
    /// Plain AdvSIMD (Cortex-A72, Raspberry Pi 4): per 16 columns, p = smull(w_lo, x_lo) then
    /// p = smlal2(p, w, x) (int16 lanes, each the sum of two products: at most 32258, exact),
    /// then acc_r = sadalp(acc_r, p) widens pairs into int32.
    /// </summary>
    public static void MultiplyAdvSimd(ReadOnlySpan<sbyte> matrix, int rows, int stride, ReadOnlySpan<sbyte> vector, Span<int> result)
    {
        ref var m = ref MemoryMarshal.GetReference(matrix);
        ref var v = ref MemoryMarshal.GetReference(vector);
        ref var output = ref MemoryMarshal.GetReference(result);
        for (var r = 0; r < rows; r += Int8MatVec.RowBlock)
        {
            var row0 = (nuint)(r * stride);
            var row1 = row0 + (nuint)stride;
            var row2 = row1 + (nuint)stride;
            var row3 = row2 + (nuint)stride;
            var acc0 = Vector128<int>.Zero;
            var acc1 = Vector128<int>.Zero;
            var acc2 = Vector128<int>.Zero;
            var acc3 = Vector128<int>.Zero;
            for (var k = 0; k < stride; k += 16)
            {
                var x = Vector128.LoadUnsafe(ref v, (nuint)k);
                acc0 = Accumulate(acc0, Vector128.LoadUnsafe(ref m, row0 + (nuint)k), x);
                acc1 = Accumulate(acc1, Vector128.LoadUnsafe(ref m, row1 + (nuint)k), x);
                acc2 = Accumulate(acc2, Vector128.LoadUnsafe(ref m, row2 + (nuint)k), x);
                acc3 = Accumulate(acc3, Vector128.LoadUnsafe(ref m, row3 + (nuint)k), x);
            }

            Fold(acc0, acc1, acc2, acc3).StoreUnsafe(ref output, (nuint)r);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Accumulate(Vector128<int> acc, Vector128<sbyte> w, Vector128<sbyte> x)
    {
        var products = AdvSimd.MultiplyWideningLower(w.GetLower(), x.GetLower());
        products = AdvSimd.MultiplyWideningUpperAndAdd(products, w, x);
        return AdvSimd.AddPairwiseWideningAndAdd(acc, products);
    }

    /// <summary>[Σa, Σb, Σc, Σd]: addp(addp(a, b), addp(c, d)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Fold(Vector128<int> a, Vector128<int> b, Vector128<int> c, Vector128<int> d) =>
        AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(a, b), AdvSimd.Arm64.AddPairwise(c, d));
}
