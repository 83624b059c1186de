using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using X86 = System.Runtime.Intrinsics.X86;

namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// r = M·v in int32 for an int8 matrix M (rows × stride, row-major) and an int8 vector v (stride).
/// Rows are padded at load to a multiple of <see cref="RowBlock"/> and columns to a multiple of
/// <see cref="ColumnBlock"/> (with zeros), so no path needs a scalar tail.
/// Every value must lie in −127..127 (symmetric quantisation never makes −128): the AVX2 and VNNI
/// paths multiply |x| by sign(w, x), which would overflow for w = −128.
/// </summary>
public static class Int8MatVec
{
    /// <summary>Rows are computed four at a time, so four horizontal sums fold into one vector.</summary>
    public const int RowBlock = 4;

    /// <summary>Columns come in 16-byte chunks, the narrowest vector every path handles.</summary>
    public const int ColumnBlock = 16;

    /// <summary>The fastest path this CPU runs.</summary>
    public static Int8MatVecPath Best { get; } = ChooseBest();

    public static bool IsSupported(Int8MatVecPath path) => path switch
    {
        Int8MatVecPath.Scalar => true,
        Int8MatVecPath.Vector128 => Vector128.IsHardwareAccelerated,
        Int8MatVecPath.Vector256 => Vector256.IsHardwareAccelerated,
        Int8MatVecPath.Avx2 => X86.Avx2.IsSupported,
        Int8MatVecPath.AvxVnni => X86.AvxVnni.IsSupported && X86.Avx2.IsSupported,
        Int8MatVecPath.ArmAdvSimd => AdvSimd.Arm64.IsSupported,
        Int8MatVecPath.ArmDotProduct => Dp.IsSupported && AdvSimd.Arm64.IsSupported,
        _ => false,
    };

    /// <summary>Rounds a row count up to <see cref="RowBlock"/>.</summary>
    public static int PadRows(int rows) => (rows + RowBlock - 1) / RowBlock * RowBlock;

    /// <summary>Rounds a column count up to <see cref="ColumnBlock"/>.</summary>
    public static int PadColumns(int columns) => (columns + ColumnBlock - 1) / ColumnBlock * ColumnBlock;

    /// <summary>
    /// result[r] = Σ_k matrix[r·stride + k] · vector[k] for r in [0, rows): int8 × int8 products,
    /// int32 sums. <paramref name="rows"/> and <paramref name="stride"/> must be padded.
    /// </summary>
    public static void Multiply(Int8MatVecPath path, ReadOnlySpan<sbyte> matrix, int rows, int stride, ReadOnlySpan<sbyte> vector, Span<int> result)
    {
        // One check here so the paths can read without bounds checks.
        if (rows % RowBlock != 0 || stride % ColumnBlock != 0 || matrix.Length < rows * stride || vector.Length < stride || result.Length < rows)
        {
            throw new ArgumentException($"int8 matvec: {rows} rows × stride {stride} (padded to {RowBlock} × {ColumnBlock}) over matrix {matrix.Length}, vector {vector.Length}, result {result.Length}");
        }

        switch (path)
        {
            case Int8MatVecPath.Avx2:
                Int8MatVecX86.MultiplyAvx2(matrix, rows, stride, vector, result);
                break;
            case Int8MatVecPath.AvxVnni:
                Int8MatVecX86.MultiplyAvxVnni(matrix, rows, stride, vector, result);
                break;
            case Int8MatVecPath.ArmDotProduct:
                Int8MatVecArm.MultiplyDotProduct(matrix, rows, stride, vector, result);
                break;
            case Int8MatVecPath.ArmAdvSimd:
                Int8MatVecArm.MultiplyAdvSimd(matrix, rows, stride, vector, result);
                break;
            case Int8MatVecPath.Vector256:
                Int8MatVecPortable.Multiply256(matrix, rows, stride, vector, result);
                break;
            case Int8MatVecPath.Vector128:
                Int8MatVecPortable.Multiply128(matrix, rows, stride, vector, result);
                break;
            default:
                MultiplyScalar(matrix, rows, stride, vector, result);
                break;
        }
    }

    /// <summary>The reference: one int32 multiply-add per element.</summary>
    public static void MultiplyScalar(ReadOnlySpan<sbyte> matrix, int rows, int stride, ReadOnlySpan<sbyte> vector, Span<int> result)
    {
        for (var r = 0; r < rows; r++)
        {
            var row = matrix.Slice(r * stride, stride);
            var sum = 0;
            for (var k = 0; k < stride; k++)
            {
                sum += row[k] * vector[k];
            }

            result[r] = sum;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Int8MatVecPath ChooseBest()
    {
        Int8MatVecPath[] preference =
        [
            Int8MatVecPath.ArmDotProduct, Int8MatVecPath.ArmAdvSimd, Int8MatVecPath.AvxVnni, Int8MatVecPath.Avx2,
            Int8MatVecPath.Vector256, Int8MatVecPath.Vector128,
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
