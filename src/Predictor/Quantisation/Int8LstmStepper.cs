using EdgeLstm.Predictor.Prediction;

namespace EdgeLstm.Predictor.Quantisation;

/// <summary>The int8 kernel as an <see cref="ILstmStepper"/>, on the fastest matvec path of this CPU.</summary>
public sealed class Int8LstmStepper : ILstmStepper
{
    private readonly QuantisedLstmWeights _weights;
    private readonly Int8LstmState _state;

    public Int8LstmStepper(QuantisedLstmWeights weights)
        : this(weights, Int8MatVec.Best)
    {
    }

    /// <summary>A stepper on a chosen path (tests and benchmarks compare paths).</summary>
    public Int8LstmStepper(QuantisedLstmWeights weights, Int8MatVecPath path)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!Int8MatVec.IsSupported(path))
        {
            throw new PlatformNotSupportedException($"int8 matvec path {path} is not supported on this CPU");
        }

        _weights = weights;
        _state = new Int8LstmState(weights);
        Path = path;
    }

    public Int8MatVecPath Path { get; }

    public Int8LstmState State => _state;

    public Span<float> Input => _state.Input;

    public ReadOnlySpan<float> Output => _state.Output;

    public void Step() => Int8LstmKernel.Step(_weights, _state, Path);

    public void Reset() => _state.Reset();
}
