namespace EdgeLstm.Predictor.Model;

/// <summary>
/// The run state of one streaming LSTM: the recurrent state (h, c) that persists from frame to
/// frame, and every scratch buffer a step needs, all allocated once.
/// </summary>
public sealed class LstmState
{
    public LstmState(int inputSize, int hiddenSize, int outputSize)
    {
        Hidden = new float[hiddenSize];
        Cell = new float[hiddenSize];
        Gates = new float[4 * hiddenSize];
        Input = new float[inputSize];
        Output = new float[outputSize];
    }

    /// <summary>h: (H), the hidden state after the last step.</summary>
    public float[] Hidden { get; }

    /// <summary>c: (H), the cell state after the last step.</summary>
    public float[] Cell { get; }

    /// <summary>Gate pre-activations then activations of the last step: (4H) in i, f, g, o order.</summary>
    public float[] Gates { get; }

    /// <summary>x: (I), the normalised features of the current step.</summary>
    public float[] Input { get; }

    /// <summary>y: (3K), the head's output of the last step.</summary>
    public float[] Output { get; }

    /// <summary>Forgets the past: h = c = 0 (a new recording or a restart after a long gap).</summary>
    public void Reset()
    {
        Array.Clear(Hidden);
        Array.Clear(Cell);
    }
}
