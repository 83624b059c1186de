using System.Numerics;

namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// The int8 weights as the step reads them, prepared once at load (TFLM's "prepare"): W, U and W_y
/// packed into tiles, per-row factors and biases padded alike, and each gate's rows padded to
/// <see cref="UnitStride"/> so that the cell stage works on whole vectors of units. Padding rows
/// are zero, so their gates are σ(0), tanh(0), and a padding unit's c, h and h_q stay exactly 0.
/// Gate g of unit j is packed row g·UnitStride + j, gates in i, f, g, o order.
/// </summary>
internal sealed class Int8PackedWeights
{
    public Int8PackedWeights(QuantisedLstmWeights weights)
    {
        var hiddenSize = weights.HiddenSize;
        UnitStride = Int8MatVec.Pad(hiddenSize, Math.Max(Int8MatVec.RowsPerTile, Vector<float>.Count));
        GateRows = 4 * UnitStride;
        OutputRows = Int8MatVec.Pad(weights.OutputSize, Int8MatVec.RowsPerGroup);
        InputColumns = Int8MatVec.Pad(weights.InputSize, Int8MatVec.ColumnsPerStep);
        int GateRow(int row) => (row / hiddenSize * UnitStride) + (row % hiddenSize);

        InputWeights = new Int8TiledMatrix(weights.InputWeights, GateRows, InputColumns, GateRow);
        RecurrentWeights = new Int8TiledMatrix(weights.RecurrentWeights, GateRows, UnitStride, GateRow);
        HeadWeights = new Int8TiledMatrix(weights.HeadWeights, OutputRows, UnitStride, row => row);
        GateBias = new float[GateRows];
        GateInputFactors = new float[GateRows];
        GateRecurrentFactors = new float[GateRows];
        for (var r = 0; r < 4 * hiddenSize; r++)
        {
            GateBias[GateRow(r)] = weights.GateBias[r];
            GateInputFactors[GateRow(r)] = weights.GateInputFactors[r];
            GateRecurrentFactors[GateRow(r)] = weights.GateRecurrentFactors[r];
        }

        HeadBias = new float[OutputRows];
        HeadFactors = new float[OutputRows];
        weights.HeadBias.CopyTo(HeadBias, 0);
        weights.HeadFactors.CopyTo(HeadFactors, 0);
    }

    /// <summary>H rounded up to whole float vectors (and to a tile): the distance between gate blocks.</summary>
    public int UnitStride { get; }

    /// <summary>4 · <see cref="UnitStride"/>.</summary>
    public int GateRows { get; }

    /// <summary>3K rounded up to a row group.</summary>
    public int OutputRows { get; }

    /// <summary>I rounded up to two quads: the length of x_q.</summary>
    public int InputColumns { get; }

    /// <summary>W: (4H, I) in tiles, gate rows padded.</summary>
    public Int8TiledMatrix InputWeights { get; }

    /// <summary>U: (4H, H) in tiles, gate rows and columns padded.</summary>
    public Int8TiledMatrix RecurrentWeights { get; }

    /// <summary>W_y: (3K, H) in tiles.</summary>
    public Int8TiledMatrix HeadWeights { get; }

    /// <summary>b, s_W·s_x and s_U·s_h per packed gate row.</summary>
    public float[] GateBias { get; }

    public float[] GateInputFactors { get; }

    public float[] GateRecurrentFactors { get; }

    /// <summary>b_y and s_Wy·s_h per packed head row.</summary>
    public float[] HeadBias { get; }

    public float[] HeadFactors { get; }
}
