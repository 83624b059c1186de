using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace EdgeLstm.Predictor.Quantisation;

/// <summary>Eight int32 row sums in two 128-bit registers: rows 0–3 and rows 4–7 of a tile.</summary>
internal readonly struct Int32x8(Vector128<int> lower, Vector128<int> upper)
{
    public Vector128<int> Lower { get; } = lower;

    public Vector128<int> Upper { get; } = upper;

    /// <summary>d_i = a_i + f_i · p_i for the eight rows (rows 0–3, then 4–7).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref float factor, ref float addend, ref float destination)
    {
        (Vector128.LoadUnsafe(ref addend) + (Vector128.LoadUnsafe(ref factor) * Vector128.ConvertToSingle(Lower))).StoreUnsafe(ref destination);
        (Vector128.LoadUnsafe(ref addend, 4) + (Vector128.LoadUnsafe(ref factor, 4) * Vector128.ConvertToSingle(Upper))).StoreUnsafe(ref destination, 4);
    }
}

/// <summary>
/// ARM64 with the dot-product extension (Cortex-A76, Raspberry Pi 5): signed × signed bytes are
/// native, and sdot adds each row's four products into its int32 lane, so a 16-byte half-tile (4 rows
/// × 4 columns) is one instruction: acc_i = sdot(acc_i, w_i, x).
/// </summary>
internal readonly struct ArmDotProductTileDot : IInt8TileDot<Vector128<sbyte>, Int32x8>
{
    public static Int32x8 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> Broadcast(ref sbyte quad) =>
        Vector128.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.As<sbyte, byte>(ref quad))).AsSByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int32x8 MultiplyAdd(Int32x8 accumulator, ref sbyte tile, Vector128<sbyte> x) => new(
        Dp.DotProduct(accumulator.Lower, Vector128.LoadUnsafe(ref tile), x),
        Dp.DotProduct(accumulator.Upper, Vector128.LoadUnsafe(ref tile, 16), x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Int32x8 accumulator, ref int correction, ref float factor, ref float addend, ref float destination) =>
        accumulator.Store(ref factor, ref addend, ref destination);
}

/// <summary>
/// Plain AdvSIMD (Cortex-A72, Raspberry Pi 4), per half-tile of 4 rows × 4 columns: smull and smull2
/// give the 16 products in int16 (rows 0–1, rows 2–3), addp adds neighbours (at most 32258, exact),
/// leaving two sums a row, and sadalp adds each row's pair into its int32 lane.
/// </summary>
internal readonly struct ArmAdvSimdTileDot : IInt8TileDot<Vector128<sbyte>, Int32x8>
{
    public static Int32x8 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> Broadcast(ref sbyte quad) => ArmDotProductTileDot.Broadcast(ref quad);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int32x8 MultiplyAdd(Int32x8 accumulator, ref sbyte tile, Vector128<sbyte> x) => new(
        Accumulate(accumulator.Lower, Vector128.LoadUnsafe(ref tile), x),
        Accumulate(accumulator.Upper, Vector128.LoadUnsafe(ref tile, 16), x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Int32x8 accumulator, ref int correction, ref float factor, ref float addend, ref float destination) =>
        accumulator.Store(ref factor, ref addend, ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Accumulate(Vector128<int> accumulator, Vector128<sbyte> w, Vector128<sbyte> x)
    {
        var rows01 = AdvSimd.MultiplyWideningLower(w.GetLower(), x.GetLower());
        var rows23 = AdvSimd.MultiplyWideningUpper(w, x);
        return AdvSimd.AddPairwiseWideningAndAdd(accumulator, AdvSimd.Arm64.AddPairwise(rows01, rows23));
    }
}
