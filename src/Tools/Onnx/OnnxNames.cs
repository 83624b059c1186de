namespace EdgeLstm.Tools.Onnx;

/// <summary>Names of the values and nodes in the graph <see cref="OnnxExporter"/> writes.</summary>
public static class OnnxNames
{
    /// <summary>X: (seq, 1, I), the normalised features.</summary>
    public const string Input = "X";

    /// <summary>initial_h: (1, 1, H).</summary>
    public const string InitialHidden = "initial_h";

    /// <summary>initial_c: (1, 1, H).</summary>
    public const string InitialCell = "initial_c";

    /// <summary>Y: (seq, 1, 1, H), h after every step.</summary>
    public const string Hidden = "Y";

    /// <summary>Y_h: (1, 1, H), h after the last step; feed it back as initial_h to stream.</summary>
    public const string LastHidden = "Y_h";

    /// <summary>Y_c: (1, 1, H), c after the last step.</summary>
    public const string LastCell = "Y_c";

    /// <summary>head: (seq, 3K), the head's output after every step.</summary>
    public const string Head = "head";

    public const string Weights = "W";
    public const string Recurrence = "R";
    public const string Bias = "B";
    public const string HeadWeights = "head.weight";
    public const string HeadBias = "head.bias";
    public const string SqueezeAxes = "squeeze_axes";
    public const string HiddenSequence = "Y_squeezed";
}
