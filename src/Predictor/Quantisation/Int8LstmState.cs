using EdgeLstm.Predictor.Model;



namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// The run state of the int8 LSTM: the float state and buffers of <see cref="LstmState"/> (the gate
/// arithmetic stays in float) plus the int8 operands and int32 products of the three matrix-vector
/// products, all allocated once and padded as the matrices are.
/// </summary>
public sealed class Int8LstmState
{
    public Int8LstmState(QuantisedLstmWeights weights)
    {
        Float = new LstmState(weights.InputSize, weights.HiddenSize, weights.OutputSize);
        QuantisedInput = new sbyte[weights.InputWeights.Stride];
        QuantisedHidden = new sbyte[weights.RecurrentWeights.Stride];
        InputProducts = new int[weights.InputWeights.PaddedRows];
        RecurrentProducts = new int[weights.RecurrentWeights.PaddedRows];
        HeadProducts = new int[weights.HeadWeights.PaddedRows];
    }

    /// <summary>x, h, c, gates and y in float, as the reference kernel keeps them.</summary>
    public LstmState Float { get; }

    /// <summary>x_q: (I padded), the input of this step; padding stays zero.</summary>
    public sbyte[] QuantisedInput { get; }

    /// <summary>h_q: (H padded), the hidden state of the last step; padding stays zero.</summary>
    public sbyte[] QuantisedHidden { get; }

    /// <summary>W_q·x_q: (4H).</summary>
    public int[] InputProducts { get; }

    /// <summary>U_q·h_q: (4H).</summary>
    public int[] RecurrentProducts { get; }

    /// <summary>W_y,q·h_q: (3K padded).</summary>
    public int[] HeadProducts { get; }

    /// <summary>h = c = 0 and h_q = 0.</summary>
    public void Reset()
    {
        Float.Reset();
        Array.Clear(QuantisedHidden);
    }
}
