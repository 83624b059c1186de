namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// The inner product of <see cref="Int8MatVec"/> for one instruction set (a struct per set, so that
/// the one generic loop is compiled once per set with every call inlined: the C# form of TensorFlow
/// Lite Micro's templated gate functions). A tile is 8 rows × 4 columns of int8 (32 bytes), the
/// operand 4 bytes of the vector broadcast to every row, the accumulator 8 int32 row sums.
/// </summary>
/// <typeparam name="TOperand">Four vector bytes as this set multiplies them (e.g. with |x| beside x).</typeparam>
/// <typeparam name="TAccumulator">Eight int32 sums, one per row of a tile.</typeparam>
internal interface IInt8TileDot<TOperand, TAccumulator>
    where TOperand : struct
    where TAccumulator : struct
{
    static abstract TAccumulator Zero { get; }

    /// <summary>x[4q..4q+3] broadcast to the eight rows.</summary>
    static abstract TOperand Broadcast(ref sbyte quad);

    /// <summary>acc_i += Σ_c tile[4i + c] · x_c for the 8 rows i: int8 × int8 products, exact int32 sums.</summary>
    static abstract TAccumulator MultiplyAdd(TAccumulator accumulator, ref sbyte tile, TOperand x);

    /// <summary>
    /// d_i = a_i + f_i · p_i for the 8 rows, p_i the exact product (acc_i less the row's offset
    /// correction where the set feeds x + 128): one multiply then one add, each rounded, never fused,
    /// so every path gives the same floats.
    /// </summary>
    static abstract void Store(TAccumulator accumulator, ref int correction, ref float factor, ref float addend, ref float destination);
}
