using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// x64 paths of <see cref="Int8MatVec"/>. Both use the signed-by-signed trick x86 needs because its
/// byte multiplies take one unsigned operand: w·x = |x| · (w·sign(x)), so |x| is the unsigned
/// operand and sign(w, x) the signed one. With |w|, |x| ≤ 127 a pair of products is at most
/// 2·127·127 = 32258, inside int16, so vpmaddubsw never saturates and the results are exact.
/// </summary>
internal static class Int8MatVecX86
{
    /// <summary>
    /// AVX2, four rows at a time: per 32 columns, acc_r += vpmaddwd(vpmaddubsw(|x|, sign(w_r, x)), 1).
    /// A 16-column remainder uses the 128-bit forms of the same instructions.
    /// </summary>
    public static void MultiplyAvx2(ReadOnlySpan<sbyte> matrix, int rows, int stride, ReadOnlySpan<sbyte> vector, Span<int> result)
    {
        if (stride == 16)
        {
            MultiplyNarrow(matrix, rows, vector, result, vnni: false);
            return;
        }

        ref var m = ref MemoryMarshal.GetReference(matrix);
        ref var v = ref MemoryMarshal.GetReference(vector);
        ref var output = ref MemoryMarshal.GetReference(result);
        var wide = stride & ~31;
        var ones256 = Vector256.Create((short)1);
        var ones128 = Vector128.Create((short)1);
        for (var r = 0; r < rows; r += Int8MatVec.RowBlock)
        {
            var row0 = (nuint)(r * stride);
            var row1 = row0 + (nuint)stride;
            var row2 = row1 + (nuint)stride;
            var row3 = row2 + (nuint)stride;
            var acc0 = Vector256<int>.Zero;
            var acc1 = Vector256<int>.Zero;
            var acc2 = Vector256<int>.Zero;
            var acc3 = Vector256<int>.Zero;
            for (var k = 0; k < wide; k += 32)
            {
                var x = Vector256.LoadUnsafe(ref v, (nuint)k);
                var magnitude = Avx2.Abs(x);
                acc0 = Avx2.Add(acc0, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(magnitude, Avx2.Sign(Vector256.LoadUnsafe(ref m, row0 + (nuint)k), x)), ones256));
                acc1 = Avx2.Add(acc1, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(magnitude, Avx2.Sign(Vector256.LoadUnsafe(ref m, row1 + (nuint)k), x)), ones256));
                acc2 = Avx2.Add(acc2, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(magnitude, Avx2.Sign(Vector256.LoadUnsafe(ref m, row2 + (nuint)k), x)), ones256));
                acc3 = Avx2.Add(acc3, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(magnitude, Avx2.Sign(Vector256.LoadUnsafe(ref m, row3 + (nuint)k), x)), ones256));
            }

            // A matrix narrower than 32 columns (W, with I ≤ 16) has no 256-bit part to fold.
            var sums = wide == 0 ? Vector128<int>.Zero : Fold(acc0, acc1, acc2, acc3);
            if (wide < stride)
            {
                var x = Vector128.LoadUnsafe(ref v, (nuint)wide);
                var magnitude = Ssse3.Abs(x);
                var t0 = Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(magnitude, Ssse3.Sign(Vector128.LoadUnsafe(ref m, row0 + (nuint)wide), x)), ones128);
                var t1 = Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(magnitude, Ssse3.Sign(Vector128.LoadUnsafe(ref m, row1 + (nuint)wide), x)), ones128);
                var t2 = Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(magnitude, Ssse3.Sign(Vector128.LoadUnsafe(ref m, row2 + (nuint)wide), x)), ones128);
                var t3 = Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(magnitude, Ssse3.Sign(Vector128.LoadUnsafe(ref m, row3 + (nuint)wide), x)), ones128);
                sums = Sse2.Add(sums, Fold(t0, t1, t2, t3));
            }

            sums.StoreUnsafe(ref output, (nuint)r);
        }
    }

    /// <summary>
    /// AVX-VNNI, four rows at a time: per 32 columns, acc_r = vpdpbusd(acc_r, |x|, sign(w_r, x)),
    /// which multiplies, adds groups of four and accumulates in one instruction.
    /// </summary>
    public static void MultiplyAvxVnni(ReadOnlySpan<sbyte> matrix, int rows, int stride, ReadOnlySpan<sbyte> vector, Span<int> result)
    {
        if (stride == 16)
        {
            MultiplyNarrow(matrix, rows, vector, result, vnni: true);
            return;
        }

        ref var m = ref MemoryMarshal.GetReference(matrix);
        ref var v = ref MemoryMarshal.GetReference(vector);
        ref var output = ref MemoryMarshal.GetReference(result);
        var wide = stride & ~31;
        for (var r = 0; r < rows; r += Int8MatVec.RowBlock)
        {
            var row0 = (nuint)(r * stride);
            var row1 = row0 + (nuint)stride;
            var row2 = row1 + (nuint)stride;
            var row3 = row2 + (nuint)stride;
            var acc0 = Vector256<int>.Zero;
            var acc1 = Vector256<int>.Zero;
            var acc2 = Vector256<int>.Zero;
            var acc3 = Vector256<int>.Zero;
            for (var k = 0; k < wide; k += 32)
            {
                var x = Vector256.LoadUnsafe(ref v, (nuint)k);
                var magnitude = Avx2.Abs(x);
                acc0 = AvxVnni.MultiplyWideningAndAdd(acc0, magnitude, Avx2.Sign(Vector256.LoadUnsafe(ref m, row0 + (nuint)k), x));
                acc1 = AvxVnni.MultiplyWideningAndAdd(acc1, magnitude, Avx2.Sign(Vector256.LoadUnsafe(ref m, row1 + (nuint)k), x));
                acc2 = AvxVnni.MultiplyWideningAndAdd(acc2, magnitude, Avx2.Sign(Vector256.LoadUnsafe(ref m, row2 + (nuint)k), x));
                acc3 = AvxVnni.MultiplyWideningAndAdd(acc3, magnitude, Avx2.Sign(Vector256.LoadUnsafe(ref m, row3 + (nuint)k), x));
            }

            // A matrix narrower than 32 columns (W, with I ≤ 16) has no 256-bit part to fold.
            var sums = wide == 0 ? Vector128<int>.Zero : Fold(acc0, acc1, acc2, acc3);
            if (wide < stride)
            {
                var x = Vector128.LoadUnsafe(ref v, (nuint)wide);
                var magnitude = Ssse3.Abs(x);
                var t0 = AvxVnni.MultiplyWideningAndAdd(Vector128<int>.Zero, magnitude, Ssse3.Sign(Vector128.LoadUnsafe(ref m, row0 + (nuint)wide), x));
                var t1 = AvxVnni.MultiplyWideningAndAdd(Vector128<int>.Zero, magnitude, Ssse3.Sign(Vector128.LoadUnsafe(ref m, row1 + (nuint)wide), x));
                var t2 = AvxVnni.MultiplyWideningAndAdd(Vector128<int>.Zero, magnitude, Ssse3.Sign(Vector128.LoadUnsafe(ref m, row2 + (nuint)wide), x));
                var t3 = AvxVnni.MultiplyWideningAndAdd(Vector128<int>.Zero, magnitude, Ssse3.Sign(Vector128.LoadUnsafe(ref m, row3 + (nuint)wide), x));
                sums = Sse2.Add(sums, Fold(t0, t1, t2, t3));
            }

            sums.StoreUnsafe(ref output, (nuint)r);
        }
    }

    /// <summary>
    /// Stride 16 (W, with I ≤ 16): rows lie back to back, so one 256-bit load holds two rows and
    /// x is broadcast to both halves; eight rows take four multiply chains, three horizontal adds and
    /// one permute, instead of eight half-empty 256-bit chains.
    /// </summary>
    private static void MultiplyNarrow(ReadOnlySpan<sbyte> matrix, int rows, ReadOnlySpan<sbyte> vector, Span<int> result, bool vnni)
    {
        ref var m = ref MemoryMarshal.GetReference(matrix);
        ref var output = ref MemoryMarshal.GetReference(result);
        var x128 = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(vector));
        var x = Vector256.Create(x128, x128);
        var magnitude = Avx2.Abs(x);
        var ones = Vector256.Create((short)1);

        // After two rounds of horizontal adds the lower half holds rows 0, 2, 4, 6 and the upper
        // half rows 1, 3, 5, 7; this permutation puts them in order.
        var order = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
        var r = 0;
        for (; r + 8 <= rows; r += 8)
        {
            var offset = (nuint)(r * 16);
            var a = Pair(ref m, offset, x, magnitude, ones, vnni);
            var b = Pair(ref m, offset + 32, x, magnitude, ones, vnni);
            var c = Pair(ref m, offset + 64, x, magnitude, ones, vnni);
            var d = Pair(ref m, offset + 96, x, magnitude, ones, vnni);
            var sums = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a, b), Avx2.HorizontalAdd(c, d));
            Avx2.PermuteVar8x32(sums, order).StoreUnsafe(ref output, (nuint)r);
        }

        if (r < rows)
        {
            // Four rows left (rows are padded to a multiple of four).
            var offset = (nuint)(r * 16);
            var a = Pair(ref m, offset, x, magnitude, ones, vnni);
            var b = Pair(ref m, offset + 32, x, magnitude, ones, vnni);
            var ab = Avx2.HorizontalAdd(a, b);
            Avx2.PermuteVar8x32(Avx2.HorizontalAdd(ab, ab), order).GetLower().StoreUnsafe(ref output, (nuint)r);
        }
    }

    /// <summary>Two rows' products in 4 int32 lanes each: [row 0 | row 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Pair(ref sbyte m, nuint offset, Vector256<sbyte> x, Vector256<byte> magnitude, Vector256<short> ones, bool vnni)
    {
        var signed = Avx2.Sign(Vector256.LoadUnsafe(ref m, offset), x);
        return vnni
            ? AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, magnitude, signed)
            : Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(magnitude, signed), ones);
    }

    /// <summary>
    /// [Σa, Σb, Σc, Σd] from four 8-lane accumulators: three horizontal adds and one add of the
    /// halves, instead of four separate reductions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Fold(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d)
    {
        var all = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a, b), Avx2.HorizontalAdd(c, d));
        return Sse2.Add(all.GetLower(), all.GetUpper());
    }

    /// <summary>[Σa, Σb, Σc, Σd] from four 4-lane accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Fold(Vector128<int> a, Vector128<int> b, Vector128<int> c, Vector128<int> d) =>
        Ssse3.HorizontalAdd(Ssse3.HorizontalAdd(a, b), Ssse3.HorizontalAdd(c, d));
}
