namespace EdgeLstm.Tools.Tests.Core;

/// <summary>
/// A plain tanh RNN of the same interface as the LSTM, h' = tanh(W·x + U·h + b), y = W_y·h' + b_y:
/// the comparison that shows what the LSTM's gates buy on long time lags.
/// </summary>
public sealed class RnnWeights(int inputSize, int hiddenSize, int outputSize)
{
    public int InputSize { get; } = inputSize;

    public int HiddenSize { get; } = hiddenSize;

    public int OutputSize { get; } = outputSize;

    /// <summary>W: (H, I).</summary>
    public float[] InputWeights { get; } = new float[hiddenSize * inputSize];

    /// <summary>U: (H, H).</summary>
    public float[] RecurrentWeights { get; } = new float[hiddenSize * hiddenSize];

    /// <summary>b: (H).</summary>
    public float[] Bias { get; } = new float[hiddenSize];

    /// <summary>W_y: (O, H).</summary>
    public float[] HeadWeights { get; } = new float[outputSize * hiddenSize];

    /// <summary>b_y: (O).</summary>
    public float[] HeadBias { get; } = new float[outputSize];

    public IReadOnlyList<float[]> Tensors => [InputWeights, RecurrentWeights, Bias, HeadWeights, HeadBias];
}
