namespace EdgeLstm.Predictor.Prediction;

/// <summary>One streaming LSTM implementation (float or int8) behind the predictor.</summary>
public interface ILstmStepper
{
    /// <summary>Where the caller writes the normalised features before <see cref="Step"/>.</summary>
    Span<float> Input { get; }

    /// <summary>The head's output after <see cref="Step"/>: (3K).</summary>
    ReadOnlySpan<float> Output { get; }

    void Step();

    void Reset();
}
