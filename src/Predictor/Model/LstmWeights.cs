namespace EdgeLstm.Predictor.Model;

/// <summary>
/// The float32 parameters of one LSTM layer and its linear head, row-major. Gate blocks are
/// stacked in the order i, f, g, o (input, forget, candidate, output): rows [0,H) are i, [H,2H) f,
/// [2H,3H) g, [3H,4H) o. (ONNX uses i, o, f, c; the exporter reorders.)
/// </summary>
public sealed class LstmWeights
{
    public LstmWeights(int inputSize, int hiddenSize, int outputSize)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        OutputSize = outputSize;
        InputWeights = new float[4 * hiddenSize * inputSize];
        RecurrentWeights = new float[4 * hiddenSize * hiddenSize];
        GateBias = new float[4 * hiddenSize];
        HeadWeights = new float[outputSize * hiddenSize];
        HeadBias = new float[outputSize];
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int OutputSize { get; }

    /// <summary>W: (4H, I).</summary>
    public float[] InputWeights { get; }

    /// <summary>U: (4H, H).</summary>
    public float[] RecurrentWeights { get; }

    /// <summary>b: (4H), the sum of ONNX's Wb and Rb.</summary>
    public float[] GateBias { get; }

    /// <summary>Head weights: (3K, H).</summary>
    public float[] HeadWeights { get; }

    /// <summary>Head bias: (3K).</summary>
    public float[] HeadBias { get; }

    /// <summary>All parameter arrays, in file order (used by the optimiser and the file format).</summary>
    public IReadOnlyList<float[]> Tensors => [InputWeights, RecurrentWeights, GateBias, HeadWeights, HeadBias];

    public LstmWeights Clone()
    {
        var copy = new LstmWeights(InputSize, HiddenSize, OutputSize);
        for (var t = 0; t < Tensors.Count; t++)
        {
            Tensors[t].AsSpan().CopyTo(copy.Tensors[t]);
        }

        return copy;
    }
}
