using EdgeLstm.Tools.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace EdgeLstm.Tools.Tests.Onnx;

/// <summary>
/// ONNX Runtime running an exported model one step at a time: X is (1, 1, I), and Y_h, Y_c of each
/// step are fed back as initial_h, initial_c of the next, so the state is carried as in streaming.
/// </summary>
internal sealed class OrtStreamingSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int _inputSize;
    private readonly int _hiddenSize;

    public OrtStreamingSession(byte[] onnx, int inputSize, int hiddenSize, string headOutput = OnnxNames.Head, string[]? inputNames = null)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(onnx, options);
        _inputSize = inputSize;
        _hiddenSize = hiddenSize;
        _inputNames = inputNames ?? [OnnxNames.Input, OnnxNames.InitialHidden, OnnxNames.InitialCell];
        _outputNames = [headOutput, OnnxNames.LastHidden, OnnxNames.LastCell];
        Hidden = new float[hiddenSize];
        Cell = new float[hiddenSize];
    }

    public float[] Hidden { get; }

    public float[] Cell { get; }

    public float[] Output { get; private set; } = [];

    public void Step(ReadOnlySpan<float> input)
    {
        using var x = OrtValue.CreateTensorValueFromMemory(input.ToArray(), [1, 1, _inputSize]);
        using var h = OrtValue.CreateTensorValueFromMemory((float[])Hidden.Clone(), [1, 1, _hiddenSize]);
        using var c = OrtValue.CreateTensorValueFromMemory((float[])Cell.Clone(), [1, 1, _hiddenSize]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, _inputNames, [x, h, c], _outputNames);
        Output = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        outputs[1].GetTensorDataAsSpan<float>().CopyTo(Hidden);
        outputs[2].GetTensorDataAsSpan<float>().CopyTo(Cell);
    }

    public void Dispose() => _session.Dispose();
}
