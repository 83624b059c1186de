namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// The int8 parameters of one LSTM layer and its head, and the scales derived from them at load
/// (TFLM's "prepare"): the per-step code only multiplies by ready-made per-row factors.
/// Gate rows are in i, f, g, o order as in <see cref="Model.LstmWeights"/>.
/// </summary>
public sealed class QuantisedLstmWeights
{
    /// <summary>s_h: h = tanh(·)·σ(·) lies in (−1, 1), so 1/127 maps it onto −127..127 without calibration.</summary>
    public const float HiddenScale = 1f / QuantisedMatrix.MaxValue;

    public QuantisedLstmWeights(QuantisedMatrix inputWeights, QuantisedMatrix recurrentWeights, float[] gateBias, QuantisedMatrix headWeights, float[] headBias, float inputScale)
    {
        var hiddenSize = recurrentWeights.Columns;
        Require(inputWeights.Rows == 4 * hiddenSize, $"W has {inputWeights.Rows} rows, expected 4H = {4 * hiddenSize}");
        Require(recurrentWeights.Rows == 4 * hiddenSize, $"U is ({recurrentWeights.Rows}, {hiddenSize}), expected (4H, H)");
        Require(gateBias.Length == 4 * hiddenSize, $"b has {gateBias.Length} values, expected 4H = {4 * hiddenSize}");
        Require(headWeights.Columns == hiddenSize, $"W_y has {headWeights.Columns} columns, expected H = {hiddenSize}");
        Require(headBias.Length == headWeights.Rows, $"b_y has {headBias.Length} values, expected 3K = {headWeights.Rows}");
        Require(float.IsFinite(inputScale) && inputScale > 0, $"input scale {inputScale} must be finite and positive");

        InputSize = inputWeights.Columns;
        HiddenSize = hiddenSize;
        OutputSize = headWeights.Rows;
        InputWeights = inputWeights;
        RecurrentWeights = recurrentWeights;
        GateBias = gateBias;
        HeadWeights = headWeights;
        HeadBias = headBias;
        InputScale = inputScale;
        InverseInputScale = 1f / inputScale;

        // Combined per-row factors: W·x ≈ (s_W,r·s_x)·(W_q·x_q)_r and likewise for U and W_y.
        GateInputFactors = new float[4 * hiddenSize];
        GateRecurrentFactors = new float[4 * hiddenSize];
        HeadFactors = new float[OutputSize];
        for (var r = 0; r < 4 * hiddenSize; r++)
        {
            GateInputFactors[r] = inputWeights.Scales[r] * inputScale;
            GateRecurrentFactors[r] = recurrentWeights.Scales[r] * HiddenScale;
        }

        for (var r = 0; r < OutputSize; r++)
        {
            HeadFactors[r] = headWeights.Scales[r] * HiddenScale;
        }

        Packed = new Int8PackedWeights(this);
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public int OutputSize { get; }

    /// <summary>W: (4H, I) int8, per-row scales.</summary>
    public QuantisedMatrix InputWeights { get; }

    /// <summary>U: (4H, H) int8, per-row scales.</summary>
    public QuantisedMatrix RecurrentWeights { get; }

    /// <summary>b: (4H) float; added after dequantisation, so it keeps full precision.</summary>
    public float[] GateBias { get; }

    /// <summary>W_y: (3K, H) int8, per-row scales.</summary>
    public QuantisedMatrix HeadWeights { get; }

    /// <summary>b_y: (3K) float.</summary>
    public float[] HeadBias { get; }

    /// <summary>s_x: the calibrated scale of the normalised input, x ≈ s_x · x_q.</summary>
    public float InputScale { get; }

    /// <summary>1 / s_x, so quantising x is a multiply.</summary>
    public float InverseInputScale { get; }

    /// <summary>s_W,r · s_x: (4H).</summary>
    public float[] GateInputFactors { get; }

    /// <summary>s_U,r · s_h: (4H).</summary>
    public float[] GateRecurrentFactors { get; }

    /// <summary>s_Wy,r · s_h: (3K).</summary>
    public float[] HeadFactors { get; }

    /// <summary>The same weights packed for the step, built once here.</summary>
    internal Int8PackedWeights Packed { get; }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new ArgumentException($"int8 LSTM weights: {what}");
        }
    }
}
