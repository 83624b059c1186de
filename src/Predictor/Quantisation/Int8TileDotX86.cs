using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeLstm.Predictor.Quantisation;

/// <summary>x and |x|, four bytes of the vector broadcast to all eight rows of a tile.</summary>
internal readonly struct SignedQuad256(Vector256<sbyte> value)
{
    public Vector256<sbyte> Value { get; } = value;

    public Vector256<byte> Magnitude { get; } = Avx2.Abs(value);
}

/// <summary>
/// AVX2. x86's byte multiplies take one unsigned operand, so w·x = |x| · sign(w, x): vpsignb, then
/// vpmaddubsw (pairs, at most 2·127·127 = 32258, inside int16 because −128 never occurs), then
/// vpmaddwd with ones (quads into int32), then vpaddd: acc_i += Σ_c w_ic·x_c.
/// </summary>
internal readonly struct Avx2TileDot : IInt8TileDot<SignedQuad256, Vector256<int>>
{
    public static Vector256<int> Zero => Vector256<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SignedQuad256 Broadcast(ref sbyte quad) =>
        new(Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.As<sbyte, byte>(ref quad))).AsSByte());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAdd(Vector256<int> accumulator, ref sbyte tile, SignedQuad256 x)
    {
        var pairs = Avx2.MultiplyAddAdjacent(x.Magnitude, Avx2.Sign(Vector256.LoadUnsafe(ref tile), x.Value));
        return Avx2.Add(accumulator, Avx2.MultiplyAddAdjacent(pairs, Vector256.Create((short)1)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<int> accumulator, ref int correction, ref float factor, ref float addend, ref float destination) =>
        (Vector256.LoadUnsafe(ref addend) + (Vector256.LoadUnsafe(ref factor) * Vector256.ConvertToSingle(accumulator))).StoreUnsafe(ref destination);
}

/// <summary>
/// AVX-VNNI. vpdpbusd multiplies unsigned by signed bytes and adds each group of four into an int32
/// lane with no intermediate saturation, so x is fed as x + 128 (x ⊕ 0x80, 1..255) and the exact
/// product is acc − 128·Σ_c w_ic (the row's offset correction, computed at load): one instruction,
/// its weight operand read from memory, per tile and quad, and no sign step.
/// </summary>
internal readonly struct AvxVnniTileDot : IInt8TileDot<Vector256<byte>, Vector256<int>>
{
    public static Vector256<int> Zero => Vector256<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Broadcast(ref sbyte quad) =>
        Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.As<sbyte, byte>(ref quad))).AsByte() ^ Vector256.Create((byte)Int8MatVec.OperandOffset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAdd(Vector256<int> accumulator, ref sbyte tile, Vector256<byte> x) =>
        AvxVnni.MultiplyWideningAndAdd(accumulator, x, Vector256.LoadUnsafe(ref tile));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<int> accumulator, ref int correction, ref float factor, ref float addend, ref float destination)
    {
        var product = accumulator - Vector256.LoadUnsafe(ref correction);
        (Vector256.LoadUnsafe(ref addend) + (Vector256.LoadUnsafe(ref factor) * Vector256.ConvertToSingle(product))).StoreUnsafe(ref destination);
    }
}
