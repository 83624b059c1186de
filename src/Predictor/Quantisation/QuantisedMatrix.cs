namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// A (rows × columns) matrix as symmetric int8 with one float scale per row:
/// M[r, k] ≈ scale[r] · q[r, k], q ∈ −127..127, row-major as files hold it. The kernels read a
/// copy packed at load (<see cref="Int8TiledMatrix"/>).
/// </summary>
public sealed class QuantisedMatrix
{
    /// <summary>The largest magnitude of a value (−128 is never used, so ±127 is symmetric).</summary>
    public const int MaxValue = 127;

    private QuantisedMatrix(int rows, int columns, sbyte[] values, float[] scales)
    {
        Rows = rows;
        Columns = columns;
        Stride = columns;
        Values = values;
        Scales = scales;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Distance between rows in <see cref="Values"/> (the columns: rows are not padded).</summary>
    public int Stride { get; }

    /// <summary>q: (rows, columns), row-major.</summary>
    public sbyte[] Values { get; }

    /// <summary>s: (rows), one per row.</summary>
    public float[] Scales { get; }

    /// <summary>
    /// s_r = max_k |M[r, k]| / 127, q[r, k] = round(M[r, k] / s_r): per-row scales keep a row of
    /// small weights from losing its resolution to a row of large ones. An all-zero row gets s = 0.
    /// </summary>
    public static QuantisedMatrix Quantise(ReadOnlySpan<float> matrix, int rows, int columns)
    {
        var result = Allocate(rows, columns);
        for (var r = 0; r < rows; r++)
        {
            var row = matrix.Slice(r * columns, columns);
            var max = 0f;
            foreach (var value in row)
            {
                max = Math.Max(max, Math.Abs(value));
            }

            var scale = max / MaxValue;
            result.Scales[r] = scale;
            var destination = result.Values.AsSpan(r * result.Stride, columns);
            for (var k = 0; k < columns; k++)
            {
                destination[k] = scale == 0 ? (sbyte)0 : (sbyte)Math.Clamp(MathF.Round(row[k] / scale), -MaxValue, MaxValue);
            }
        }

        return result;
    }

    /// <summary>Takes unpadded values and scales as a file stores them; throws on −128 or a bad scale.</summary>
    public static QuantisedMatrix FromValues(ReadOnlySpan<sbyte> values, ReadOnlySpan<float> scales, int rows, int columns)
    {
        if (values.Length != rows * columns || scales.Length != rows)
        {
            throw new ArgumentException($"int8 matrix ({rows}, {columns}) needs {rows * columns} values and {rows} scales, got {values.Length} and {scales.Length}");
        }

        var result = Allocate(rows, columns);
        for (var r = 0; r < rows; r++)
        {
            if (!float.IsFinite(scales[r]) || scales[r] < 0)
            {
                throw new ArgumentException($"row {r} has scale {scales[r]}, expected a finite value ≥ 0");
            }

            result.Scales[r] = scales[r];
            var row = values.Slice(r * columns, columns);
            if (row.Contains(sbyte.MinValue))
            {
                throw new ArgumentException($"row {r} holds −128; symmetric int8 uses −127..127");
            }

            row.CopyTo(result.Values.AsSpan(r * result.Stride));
        }

        return result;
    }

    /// <summary>The values without padding, (rows, columns), as a file stores them.</summary>
    public sbyte[] ToUnpadded()
    {
        var values = new sbyte[Rows * Columns];
        for (var r = 0; r < Rows; r++)
        {
            Values.AsSpan(r * Stride, Columns).CopyTo(values.AsSpan(r * Columns));
        }

        return values;
    }

    /// <summary>M[r, k] ≈ s_r · q[r, k].</summary>
    public float Dequantised(int row, int column) => Scales[row] * Values[(row * Stride) + column];

    private static QuantisedMatrix Allocate(int rows, int columns) =>
        new(rows, columns, new sbyte[rows * columns], new float[rows]);
}
