namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// The implementations of the int8 matrix-vector product. All give the same int32 results; they
/// differ in the instructions they use, so the fastest the CPU supports is chosen at load.
/// </summary>
public enum Int8MatVecPath : byte
{
    /// <summary>Plain loops: the reference every other path is tested against.</summary>
    Scalar = 0,

    /// <summary>Portable 128-bit vectors: widen int8 to int16, multiply, widen to int32, add.</summary>
    Vector128 = 1,

    /// <summary>Portable 256-bit vectors, the same steps as <see cref="Vector128"/>.</summary>
    Vector256 = 2,

    /// <summary>x64 AVX2: vpmaddubsw on |x| and sign(w, x), then vpmaddwd to int32.</summary>
    Avx2 = 3,

    /// <summary>x64 AVX-VNNI: vpdpbusd, four products added into each int32 lane in one instruction.</summary>
    AvxVnni = 4,

    /// <summary>ARM64 without the dot-product extension (Raspberry Pi 4): smull, smlal2, sadalp.</summary>
    ArmAdvSimd = 5,

    /// <summary>ARM64 with the dot-product extension (Raspberry Pi 5): sdot.</summary>
    ArmDotProduct = 6,
}
