namespace EdgeLstm.Tools.Onnx;

/// <summary>
/// Gate block order: ours is i, f, g, o (input, forget, candidate, output); ONNX's LSTM stacks
/// i, o, f, c (c being our candidate g). Block k of an ONNX tensor is our block
/// <see cref="OursForOnnx"/>[k].
/// </summary>
public static class OnnxGateOrder
{
    // ONNX i ← our i (0), ONNX o ← our o (3), ONNX f ← our f (1), ONNX c ← our g (2).
    private static readonly int[] OursForOnnxBlocks = [0, 3, 1, 2];

    public static ReadOnlySpan<int> OursForOnnx => OursForOnnxBlocks;

    /// <summary>Copies a (4H, columns) tensor from our block order to ONNX's.</summary>
    public static void ToOnnx(ReadOnlySpan<float> ours, Span<float> onnx, int hiddenSize, int columns)
    {
        var block = hiddenSize * columns;
        for (var k = 0; k < 4; k++)
        {
            ours.Slice(OursForOnnxBlocks[k] * block, block).CopyTo(onnx.Slice(k * block, block));
        }
    }

    /// <summary>Copies a (4H, columns) tensor from ONNX's block order to ours.</summary>
    public static void FromOnnx(ReadOnlySpan<float> onnx, Span<float> ours, int hiddenSize, int columns)
    {
        var block = hiddenSize * columns;
        for (var k = 0; k < 4; k++)
        {
            onnx.Slice(k * block, block).CopyTo(ours.Slice(OursForOnnxBlocks[k] * block, block));
        }
    }
}
