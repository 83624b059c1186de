namespace EdgeLstm.Tools.Training;

/// <summary>
/// One stream of a recurrent model in training: forward over a chunk of steps keeping every
/// activation, backward through them (truncated BPTT), and the state carried to the next chunk.
/// </summary>
public interface ISequenceRunner
{
    int InputSize { get; }

    int OutputSize { get; }

    /// <summary>Runs <paramref name="steps"/> steps on (steps, I) inputs from the carried state.</summary>
    void Forward(ReadOnlySpan<float> inputs, int steps);

    /// <summary>(steps, O) outputs of the last forward pass.</summary>
    ReadOnlySpan<float> Outputs(int steps);

    /// <summary>
    /// Accumulates into <paramref name="gradients"/> (shaped like the parameters) the gradient of a
    /// loss whose derivative with respect to the outputs is <paramref name="outputGradients"/>.
    /// Gradients do not flow into the state carried in from the previous chunk.
    /// </summary>
    void Backward(ReadOnlySpan<float> outputGradients, int steps, IReadOnlyList<float[]> gradients);

    /// <summary>Makes the state after the last forward pass the start of the next one.</summary>
    void CarryState(int steps);

    void ResetState();
}
