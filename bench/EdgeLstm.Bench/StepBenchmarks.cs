using BenchmarkDotNet.Attributes;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Predictor.Quantisation;
using EdgeLstm.Tools.Bench;
using EdgeLstm.Tools.Quantising;

namespace EdgeLstm.Bench;

/// <summary>One streaming LSTM step (state carried) of each implementation, on the same seeded model.</summary>
[MemoryDiagnoser]
public class StepBenchmarks : IDisposable
{
    private FloatLstmStepper _float = null!;
    private Int8LstmStepper _int8 = null!;
    private OrtLstmStepper? _ort;
    private float[] _inputs = [];
    private int _next;

    [Params(32, 64, 128)]
    public int Hidden { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        LstmModel model = BenchModels.Create(Hidden);
        _float = new FloatLstmStepper(model);
        _int8 = new Int8LstmStepper(WeightQuantiser.Quantise(model.Weights, BenchModels.InputScale));
        _ort = new OrtLstmStepper(model);
        _inputs = BenchModels.Inputs(model.Config.InputSize);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _ort?.Dispose();
        _ort = null;
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public float FloatStep() => Step(_float);

    [Benchmark]
    public float Int8Step() => Step(_int8);

    [Benchmark]
    public float OnnxRuntimeStep() => Step(_ort!);

    private float Step(ILstmStepper stepper)
    {
        var inputSize = stepper.Input.Length;
        _inputs.AsSpan(_next * inputSize, inputSize).CopyTo(stepper.Input);
        _next = (_next + 1) % (_inputs.Length / inputSize);
        stepper.Step();
        return stepper.Output[0];
    }
}
