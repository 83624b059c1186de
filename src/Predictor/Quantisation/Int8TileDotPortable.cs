using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeLstm.Predictor.Quantisation;

/// <summary>Eight rows' sums, kept as four int32 lanes a row (one per column of the quad) until stored.</summary>
[InlineArray(Int8MatVec.RowsPerTile)]
internal struct RowLanes
{
    private Vector128<int> _row;
}

/// <summary>Eight int32 sums, one a row.</summary>
[InlineArray(Int8MatVec.RowsPerTile)]
internal struct RowSums
{
    private int _row;
}

/// <summary>
/// Any CPU with 128-bit vectors (<see cref="Vector128"/>, no instruction-set API): widen the tile to
/// int32 a row at a time, multiply by x and add lane-wise; each row's four lanes are summed once, at
/// the store. Exact and available everywhere, slower than the paths above.
/// </summary>
internal readonly struct Vector128TileDot : IInt8TileDot<Vector128<int>, RowLanes>
{
    public static RowLanes Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Broadcast(ref sbyte quad) =>
        Vector128.Create((int)quad, Unsafe.Add(ref quad, 1), Unsafe.Add(ref quad, 2), Unsafe.Add(ref quad, 3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RowLanes MultiplyAdd(RowLanes accumulator, ref sbyte tile, Vector128<int> x)
    {
        for (var half = 0; half < 2; half++)
        {
            var (rows01, rows23) = Vector128.Widen(Vector128.LoadUnsafe(ref tile, (nuint)(16 * half)));
            var (row0, row1) = Vector128.Widen(rows01);
            var (row2, row3) = Vector128.Widen(rows23);
            accumulator[(4 * half) + 0] += row0 * x;
            accumulator[(4 * half) + 1] += row1 * x;
            accumulator[(4 * half) + 2] += row2 * x;
            accumulator[(4 * half) + 3] += row3 * x;
        }

        return accumulator;
    }

    public static void Store(RowLanes accumulator, ref int correction, ref float factor, ref float addend, ref float destination)
    {
        for (var i = 0; i < Int8MatVec.RowsPerTile; i++)
        {
            Unsafe.Add(ref destination, i) = Unsafe.Add(ref addend, i) + (Unsafe.Add(ref factor, i) * Vector128.Sum(accumulator[i]));
        }
    }
}

/// <summary>Plain loops: one int32 multiply-add a product, the reference every other path is tested against.</summary>
internal readonly struct ScalarTileDot : IInt8TileDot<int, RowSums>
{
    public static RowSums Zero => default;

    /// <summary>The four bytes as they lie in memory; <see cref="MultiplyAdd"/> reads them back.</summary>
    public static int Broadcast(ref sbyte quad) => Unsafe.ReadUnaligned<int>(ref Unsafe.As<sbyte, byte>(ref quad));

    public static RowSums MultiplyAdd(RowSums accumulator, ref sbyte tile, int x)
    {
        ref var xs = ref Unsafe.As<int, sbyte>(ref x);
        for (var i = 0; i < Int8MatVec.RowsPerTile; i++)
        {
            for (var c = 0; c < Int8MatVec.ColumnsPerQuad; c++)
            {
                accumulator[i] += Unsafe.Add(ref tile, (Int8MatVec.ColumnsPerQuad * i) + c) * Unsafe.Add(ref xs, c);
            }
        }

        return accumulator;
    }

    public static void Store(RowSums accumulator, ref int correction, ref float factor, ref float addend, ref float destination)
    {
        for (var i = 0; i < Int8MatVec.RowsPerTile; i++)
        {
            Unsafe.Add(ref destination, i) = Unsafe.Add(ref addend, i) + (Unsafe.Add(ref factor, i) * accumulator[i]);
        }
    }
}
