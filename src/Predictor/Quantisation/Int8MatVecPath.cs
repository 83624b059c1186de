namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// The instruction sets the int8 matrix-vector product runs on: one generic loop
/// (<see cref="Int8MatVec"/>), one inner-product struct each. All give the same results; the fastest
/// the CPU supports is chosen at load.
/// </summary>
public enum Int8MatVecPath : byte
{
    /// <summary>Plain loops: the reference every other path is tested against.</summary>
    Scalar = 0,

    /// <summary>Portable 128-bit vectors: widen int8 to int32, multiply, add.</summary>
    Vector128 = 1,

    /// <summary>x64 AVX2: vpsignb, vpmaddubsw on |x| and sign(w, x), vpmaddwd to int32.</summary>
    Avx2 = 3,

    /// <summary>x64 AVX-VNNI: vpdpbusd on x + 128, four products into each int32 lane in one instruction.</summary>
    AvxVnni = 4,

    /// <summary>ARM64 without the dot-product extension (Raspberry Pi 4): smull, smull2, addp, sadalp.</summary>
    ArmAdvSimd = 5,

    /// <summary>ARM64 with the dot-product extension (Raspberry Pi 5): sdot.</summary>
    ArmDotProduct = 6,
}
