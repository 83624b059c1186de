namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// An int8 matrix packed at load for <see cref="Int8MatVec"/>: rows in groups of
/// <see cref="Int8MatVec.RowsPerGroup"/> (four tiles of <see cref="Int8MatVec.RowsPerTile"/>), columns
/// in quads of four (padded to whole pairs of quads). For each group, for each quad, the group's four tiles lie back to back, each
/// tile the 8 rows' 4 bytes of that quad (32 bytes):
/// <c>tile(group, quad, t)[4·i + c] = M[32·group + 8·t + i, 4·quad + c]</c>.
/// One broadcast of four bytes of the vector then meets eight rows in one 256-bit multiply-add with
/// no horizontal sums (the layout of the "4x8" int8 kernels of XNNPACK and of ARM's sdot by lane),
/// and the eight int32 sums come out in row order, ready to dequantise.
/// </summary>
public sealed class Int8TiledMatrix
{
    /// <summary>
    /// Packs rows of <paramref name="source"/> (row-major, stride <see cref="QuantisedMatrix.Stride"/>)
    /// to the packed rows <c>rowMap(r)</c>; packed rows nobody maps to stay zero.
    /// </summary>
    public Int8TiledMatrix(QuantisedMatrix source, int paddedRows, int paddedColumns, Func<int, int> rowMap)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rowMap);
        if (paddedRows % Int8MatVec.RowsPerGroup != 0 || paddedColumns % Int8MatVec.ColumnsPerStep != 0 || paddedColumns < source.Columns)
        {
            throw new ArgumentException($"int8 tiles: ({paddedRows}, {paddedColumns}) must be multiples of ({Int8MatVec.RowsPerGroup}, {Int8MatVec.ColumnsPerStep}) and hold {source.Columns} columns");
        }

        PaddedRows = paddedRows;
        Quads = paddedColumns / Int8MatVec.ColumnsPerQuad;
        Tiles = new sbyte[paddedRows * paddedColumns];
        OffsetCorrections = new int[paddedRows];
        for (var r = 0; r < source.Rows; r++)
        {
            var packed = rowMap(r);
            if (packed < 0 || packed >= paddedRows)
            {
                throw new ArgumentException($"int8 tiles: row {r} maps to {packed}, outside 0..{paddedRows - 1}");
            }

            var sum = 0;
            for (var k = 0; k < source.Columns; k++)
            {
                var value = source.Values[(r * source.Stride) + k];
                Tiles[Offset(packed, k)] = value;
                sum += value;
            }

            OffsetCorrections[packed] = Int8MatVec.OperandOffset * sum;
        }
    }

    /// <summary>Rows as packed, a multiple of <see cref="Int8MatVec.RowsPerGroup"/>.</summary>
    public int PaddedRows { get; }

    /// <summary>Column quads: the operand vector must hold 4·Quads bytes.</summary>
    public int Quads { get; }

    /// <summary>The packed values, (padded rows × 4·quads) bytes in the tile order above.</summary>
    public sbyte[] Tiles { get; }

    /// <summary>
    /// 128·Σ_k M[r, k] per packed row: what an unsigned-by-signed product of x + 128 over-counts
    /// (the AVX-VNNI path feeds x + 128, as vpdpbusd takes one unsigned operand).
    /// </summary>
    public int[] OffsetCorrections { get; }

    private int Offset(int row, int column)
    {
        var group = row / Int8MatVec.RowsPerGroup;
        var tile = row % Int8MatVec.RowsPerGroup / Int8MatVec.RowsPerTile;
        var inTile = row % Int8MatVec.RowsPerTile;
        var quad = column / Int8MatVec.ColumnsPerQuad;
        var tileBytes = Int8MatVec.RowsPerTile * Int8MatVec.ColumnsPerQuad;
        return (((group * Quads) + quad) * Int8MatVec.TilesPerGroup * tileBytes) + (tile * tileBytes) + (inTile * Int8MatVec.ColumnsPerQuad) + (column % Int8MatVec.ColumnsPerQuad);
    }
}
