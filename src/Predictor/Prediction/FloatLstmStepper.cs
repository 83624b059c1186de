using EdgeLstm.Predictor.Model;



namespace EdgeLstm.Predictor.Prediction;

/// <summary>The float32 reference kernel as an <see cref="ILstmStepper"/>.</summary>
public sealed class FloatLstmStepper : ILstmStepper
{
    private readonly LstmModel _model;
    private readonly LstmState _state;

    public FloatLstmStepper(LstmModel model)
    {
        _model = model;
        _state = model.CreateState();
    }

    public LstmState State => _state;

    public Span<float> Input => _state.Input;

    public ReadOnlySpan<float> Output => _state.Output;

    public void Step() => FloatLstmKernel.Step(_model.Weights, _state);

    public void Reset() => _state.Reset();
}
