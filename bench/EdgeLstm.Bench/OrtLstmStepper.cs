using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace EdgeLstm.Bench;

/// <summary>
/// ONNX Runtime as a streaming stepper, set up the fastest honest way for batch 1, one step a call:
/// one session (single-threaded, all graph optimisations), every input and output an OrtValue over
/// pinned arrays allocated once and bound once through IOBinding, so a step is RunWithBinding and
/// two copies of H floats that feed Y_h, Y_c back as initial_h, initial_c.
/// </summary>
public sealed class OrtLstmStepper : ILstmStepper, IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly List<IDisposable> _owned = [];
    private readonly float[] _input;
    private readonly float[] _hiddenIn;
    private readonly float[] _cellIn;
    private readonly float[] _output;
    private readonly float[] _hiddenOut;
    private readonly float[] _cellOut;

    public OrtLstmStepper(LstmModel model)
    {
        var c = model.Config;
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(OnnxExporter.ToOnnx(model).ToByteArray(), options);
        _binding = _session.CreateIoBinding();
        _input = new float[c.InputSize];
        _hiddenIn = new float[c.HiddenSize];
        _cellIn = new float[c.HiddenSize];
        _output = new float[c.OutputSize];
        _hiddenOut = new float[c.HiddenSize];
        _cellOut = new float[c.HiddenSize];
        long[] state = [1, 1, c.HiddenSize];
        _binding.BindInput(OnnxNames.Input, Own(OrtValue.CreateTensorValueFromMemory(_input, [1, 1, c.InputSize])));
        _binding.BindInput(OnnxNames.InitialHidden, Own(OrtValue.CreateTensorValueFromMemory(_hiddenIn, state)));
        _binding.BindInput(OnnxNames.InitialCell, Own(OrtValue.CreateTensorValueFromMemory(_cellIn, state)));
        _binding.BindOutput(OnnxNames.Head, Own(OrtValue.CreateTensorValueFromMemory(_output, [1, c.OutputSize])));
        _binding.BindOutput(OnnxNames.LastHidden, Own(OrtValue.CreateTensorValueFromMemory(_hiddenOut, state)));
        _binding.BindOutput(OnnxNames.LastCell, Own(OrtValue.CreateTensorValueFromMemory(_cellOut, state)));
    }

    public Span<float> Input => _input;

    public ReadOnlySpan<float> Output => _output;

    public ReadOnlySpan<float> Hidden => _hiddenIn;

    public void Step()
    {
        _session.RunWithBinding(_runOptions, _binding);

        // The state carried to the next step. Binding Y_h onto initial_h's own buffer would save
        // the copies, but ONNX Runtime does not promise to read an input before writing an output.
        _hiddenOut.AsSpan().CopyTo(_hiddenIn);
        _cellOut.AsSpan().CopyTo(_cellIn);
    }

    public void Reset()
    {
        Array.Clear(_hiddenIn);
        Array.Clear(_cellIn);
    }

    public void Dispose()
    {
        _binding.Dispose();
        foreach (var value in _owned)
        {
            value.Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
    }

    private OrtValue Own(OrtValue value)
    {
        _owned.Add(value);
        return value;
    }
}
