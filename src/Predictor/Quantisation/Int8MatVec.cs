using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// d = a + f ⊙ (M·x) for an int8 matrix M packed as <see cref="Int8TiledMatrix"/>, an int8 vector x,
/// and float per-row factors f and addends a: int8 × int8 products, exact int32 sums, then one
/// multiply and one add in float. One loop, generic over the inner product of each instruction set
/// (<see cref="IInt8TileDot{TOperand, TAccumulator}"/>), computes 32 rows at a time: four
/// accumulators of 8 rows, each fed one tile per broadcast quad of x.
/// Every value must lie in −127..127 (symmetric quantisation never makes −128): the AVX2 path
/// multiplies |x| by sign(w, x), which would overflow for w = −128.
/// </summary>
public static class Int8MatVec
{
    /// <summary>Rows of one tile, and of one accumulator.</summary>
    public const int RowsPerTile = 8;

    /// <summary>Accumulators (tiles) the loop carries at once.</summary>
    public const int TilesPerGroup = 4;

    /// <summary>Rows the loop computes at once: matrices are packed with rows padded to this.</summary>
    public const int RowsPerGroup = RowsPerTile * TilesPerGroup;

    /// <summary>Vector bytes one broadcast feeds to every row.</summary>
    public const int ColumnsPerQuad = 4;

    /// <summary>Columns one iteration of the loop takes (two quads): matrices are packed with columns padded to this.</summary>
    public const int ColumnsPerStep = 2 * ColumnsPerQuad;

    /// <summary>What the AVX-VNNI path adds to x to make it unsigned (x ⊕ 0x80).</summary>
    public const int OperandOffset = 128;

    private const int TileBytes = RowsPerTile * ColumnsPerQuad;

    /// <summary>The fastest path this CPU runs.</summary>
    public static Int8MatVecPath Best { get; } = ChooseBest();

    public static bool IsSupported(Int8MatVecPath path) => path switch
    {
        Int8MatVecPath.Scalar => true,
        Int8MatVecPath.Vector128 => Vector128.IsHardwareAccelerated,
        Int8MatVecPath.Avx2 => Avx2.IsSupported,
        Int8MatVecPath.AvxVnni => AvxVnni.IsSupported && Avx2.IsSupported,
        Int8MatVecPath.ArmAdvSimd => AdvSimd.Arm64.IsSupported,
        Int8MatVecPath.ArmDotProduct => Dp.IsSupported && AdvSimd.Arm64.IsSupported,
        _ => false,
    };

    /// <summary>Rounds a count up to a multiple of <paramref name="block"/>.</summary>
    public static int Pad(int count, int block) => (count + block - 1) / block * block;

    /// <summary>
    /// d_r = a_r + f_r · (M·x)_r for the packed rows r, with every length checked: for tests and
    /// tools. The step calls the unchecked form, its shapes having been checked at load.
    /// </summary>
    public static void Multiply(Int8MatVecPath path, Int8TiledMatrix matrix, ReadOnlySpan<sbyte> vector, ReadOnlySpan<float> factors, ReadOnlySpan<float> addends, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var rows = matrix.PaddedRows;
        if (vector.Length < ColumnsPerQuad * matrix.Quads || factors.Length < rows || addends.Length < rows || destination.Length < rows)
        {
            throw new ArgumentException($"int8 matvec: {rows} packed rows × {matrix.Quads} quads over vector {vector.Length}, factors {factors.Length}, addends {addends.Length}, destination {destination.Length}");
        }

        if (!IsSupported(path))
        {
            throw new PlatformNotSupportedException($"int8 matvec path {path} is not supported on this CPU");
        }

        MultiplyUnchecked(path, matrix, vector, factors, addends, destination);
    }

    /// <summary>The step's entry: lengths are asserted, not checked (they were checked at load).</summary>
    internal static void MultiplyUnchecked(Int8MatVecPath path, Int8TiledMatrix matrix, ReadOnlySpan<sbyte> vector, ReadOnlySpan<float> factors, ReadOnlySpan<float> addends, Span<float> destination)
    {
        switch (path)
        {
            case Int8MatVecPath.AvxVnni:
                Multiply<AvxVnniTileDot, Vector256<byte>, Vector256<int>>(matrix, vector, factors, addends, destination);
                break;
            case Int8MatVecPath.Avx2:
                Multiply<Avx2TileDot, SignedQuad256, Vector256<int>>(matrix, vector, factors, addends, destination);
                break;
            case Int8MatVecPath.ArmDotProduct:
                Multiply<ArmDotProductTileDot, Vector128<sbyte>, Int32x8>(matrix, vector, factors, addends, destination);
                break;
            case Int8MatVecPath.ArmAdvSimd:
                Multiply<ArmAdvSimdTileDot, Vector128<sbyte>, Int32x8>(matrix, vector, factors, addends, destination);
                break;
            case Int8MatVecPath.Vector128:
                Multiply<Vector128TileDot, Vector128<int>, RowLanes>(matrix, vector, factors, addends, destination);
                break;
            default:
                Multiply<ScalarTileDot, int, RowSums>(matrix, vector, factors, addends, destination);
                break;
        }
    }

    /// <summary>
    /// The loop: for each group of 32 rows, acc_t = Σ_q tile(group, q, t) · broadcast(x[4q..4q+3])
    /// for its four tiles t, then d = a + f ⊙ acc, 8 rows a store. The tiles of one group lie in the
    /// order they are read, so the matrix streams through once, front to back; every pointer only
    /// moves forward, so the loop carries no index arithmetic.
    /// </summary>
    private static void Multiply<TDot, TOperand, TAccumulator>(Int8TiledMatrix matrix, ReadOnlySpan<sbyte> vector, ReadOnlySpan<float> factors, ReadOnlySpan<float> addends, Span<float> destination)
        where TDot : struct, IInt8TileDot<TOperand, TAccumulator>
        where TOperand : struct
        where TAccumulator : struct
    {
        var rows = matrix.PaddedRows;
        var quads = matrix.Quads;
        Debug.Assert(rows % RowsPerGroup == 0 && quads % 2 == 0 && matrix.Tiles.Length == rows * quads * ColumnsPerQuad, "packed shape");
        Debug.Assert(vector.Length >= quads * ColumnsPerQuad && factors.Length >= rows && addends.Length >= rows && destination.Length >= rows, "operand lengths");
        ref var tile = ref MemoryMarshal.GetArrayDataReference(matrix.Tiles);
        ref var x = ref MemoryMarshal.GetReference(vector);
        ref var correction = ref MemoryMarshal.GetArrayDataReference(matrix.OffsetCorrections);
        ref var factor = ref MemoryMarshal.GetReference(factors);
        ref var addend = ref MemoryMarshal.GetReference(addends);
        ref var output = ref MemoryMarshal.GetReference(destination);
        for (var group = rows / RowsPerGroup; group != 0; group--)
        {
            var acc0 = TDot.Zero;
            var acc1 = TDot.Zero;
            var acc2 = TDot.Zero;
            var acc3 = TDot.Zero;
            ref var xq = ref x;

            // Two quads an iteration (the packing pads columns to 8): half the loop's own instructions.
            for (var pair = quads / 2; pair != 0; pair--)
            {
                var first = TDot.Broadcast(ref xq);
                acc0 = TDot.MultiplyAdd(acc0, ref tile, first);
                acc1 = TDot.MultiplyAdd(acc1, ref Unsafe.Add(ref tile, TileBytes), first);
                acc2 = TDot.MultiplyAdd(acc2, ref Unsafe.Add(ref tile, 2 * TileBytes), first);
                acc3 = TDot.MultiplyAdd(acc3, ref Unsafe.Add(ref tile, 3 * TileBytes), first);
                var second = TDot.Broadcast(ref Unsafe.Add(ref xq, ColumnsPerQuad));
                acc0 = TDot.MultiplyAdd(acc0, ref Unsafe.Add(ref tile, 4 * TileBytes), second);
                acc1 = TDot.MultiplyAdd(acc1, ref Unsafe.Add(ref tile, 5 * TileBytes), second);
                acc2 = TDot.MultiplyAdd(acc2, ref Unsafe.Add(ref tile, 6 * TileBytes), second);
                acc3 = TDot.MultiplyAdd(acc3, ref Unsafe.Add(ref tile, 7 * TileBytes), second);
                xq = ref Unsafe.Add(ref xq, 2 * ColumnsPerQuad);
                tile = ref Unsafe.Add(ref tile, 2 * TilesPerGroup * TileBytes);
            }

            TDot.Store(acc0, ref correction, ref factor, ref addend, ref output);
            TDot.Store(acc1, ref Unsafe.Add(ref correction, RowsPerTile), ref Unsafe.Add(ref factor, RowsPerTile), ref Unsafe.Add(ref addend, RowsPerTile), ref Unsafe.Add(ref output, RowsPerTile));
            TDot.Store(acc2, ref Unsafe.Add(ref correction, 2 * RowsPerTile), ref Unsafe.Add(ref factor, 2 * RowsPerTile), ref Unsafe.Add(ref addend, 2 * RowsPerTile), ref Unsafe.Add(ref output, 2 * RowsPerTile));
            TDot.Store(acc3, ref Unsafe.Add(ref correction, 3 * RowsPerTile), ref Unsafe.Add(ref factor, 3 * RowsPerTile), ref Unsafe.Add(ref addend, 3 * RowsPerTile), ref Unsafe.Add(ref output, 3 * RowsPerTile));
            correction = ref Unsafe.Add(ref correction, RowsPerGroup);
            factor = ref Unsafe.Add(ref factor, RowsPerGroup);
            addend = ref Unsafe.Add(ref addend, RowsPerGroup);
            output = ref Unsafe.Add(ref output, RowsPerGroup);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Int8MatVecPath ChooseBest()
    {
        Int8MatVecPath[] preference =
        [
            Int8MatVecPath.ArmDotProduct, Int8MatVecPath.ArmAdvSimd, Int8MatVecPath.AvxVnni, Int8MatVecPath.Avx2, Int8MatVecPath.Vector128,
        ];
        foreach (var path in preference)
        {
            if (IsSupported(path))
            {
                return path;
            }
        }

        return Int8MatVecPath.Scalar;
    }
}
