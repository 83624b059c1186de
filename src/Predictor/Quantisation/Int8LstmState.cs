namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// The run state of the int8 LSTM: the recurrent state (h, c, h_q) that persists from frame to
/// frame and every buffer a step needs, allocated once and padded as the packed weights are
/// (<see cref="Int8PackedWeights"/>): padding units hold exact zeros.
/// </summary>
public sealed class Int8LstmState
{
    private readonly int _hiddenSize;
    private readonly int _outputSize;
    private readonly float[] _hidden;
    private readonly float[] _cell;
    private readonly float[] _output;

    public Int8LstmState(QuantisedLstmWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var packed = weights.Packed;
        _hiddenSize = weights.HiddenSize;
        _outputSize = weights.OutputSize;
        Input = new float[weights.InputSize];
        QuantisedInput = new sbyte[packed.InputColumns];
        Gates = new float[packed.GateRows];
        _cell = new float[packed.UnitStride];
        _hidden = new float[packed.UnitStride];
        QuantisedHidden = new sbyte[packed.UnitStride];
        _output = new float[packed.OutputRows];
    }

    /// <summary>x: (I), the normalised features of the current step.</summary>
    public float[] Input { get; }

    /// <summary>x_q: (I padded to two quads); padding stays zero.</summary>
    public sbyte[] QuantisedInput { get; }

    /// <summary>Gate pre-activations of the last step, (4 × H padded), gate blocks i, f, g, o.</summary>
    public float[] Gates { get; }

    /// <summary>h: (H), the hidden state after the last step.</summary>
    public ReadOnlySpan<float> Hidden => _hidden.AsSpan(0, _hiddenSize);

    /// <summary>c: (H), the cell state after the last step.</summary>
    public ReadOnlySpan<float> Cell => _cell.AsSpan(0, _hiddenSize);

    /// <summary>h_q = round(127·h): (H padded), the operand of the next step's U·h_q and of the head.</summary>
    public sbyte[] QuantisedHidden { get; }

    /// <summary>y: (3K), the head's output of the last step.</summary>
    public ReadOnlySpan<float> Output => _output.AsSpan(0, _outputSize);

    /// <summary>h and c with their padding, as the kernel writes them.</summary>
    internal float[] PaddedHidden => _hidden;

    internal float[] PaddedCell => _cell;

    /// <summary>y padded to a row group, as the head writes it.</summary>
    internal float[] PaddedOutput => _output;

    /// <summary>Forgets the past: h = c = 0 and h_q = 0.</summary>
    public void Reset()
    {
        Array.Clear(_hidden);
        Array.Clear(_cell);
        Array.Clear(QuantisedHidden);
    }
}
