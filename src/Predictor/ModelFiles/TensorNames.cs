namespace EdgeLstm.Predictor.ModelFiles;

/// <summary>Names of the tensors in a model file (named, not positional, so files stay readable).</summary>
public static class TensorNames
{
    /// <summary>W: (4H, I), gate blocks i, f, g, o.</summary>
    public const string InputWeights = "lstm.W";

    /// <summary>U: (4H, H).</summary>
    public const string RecurrentWeights = "lstm.U";

    /// <summary>b: (4H).</summary>
    public const string GateBias = "lstm.b";

    /// <summary>W_y: (3K, H).</summary>
    public const string HeadWeights = "head.W";

    /// <summary>b_y: (3K).</summary>
    public const string HeadBias = "head.b";

    /// <summary>Suffix of an int8 tensor's values.</summary>
    public const string QuantisedSuffix = ".q";

    /// <summary>Suffix of an int8 tensor's per-row float scales.</summary>
    public const string ScaleSuffix = ".scale";

    /// <summary>The calibrated scale of the int8 input vector x: (1).</summary>
    public const string InputScale = "input.scale";
}
