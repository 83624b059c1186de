using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Predictor.Quantisation;
using Xunit.Abstractions;

namespace EdgeLstm.Predictor.Tests.Quantisation;

public sealed class Int8LstmQuantisationTests(ITestOutputHelper output)
{
    /// <summary>
    /// Largest |y_int8 − y_float| allowed at any step. The head's outputs are O(1) here; per-row
    /// int8 weights and 7-bit activations give errors of a few thousandths per product, and the
    /// recurrence must not let them grow.
    /// </summary>
    private const float OutputTolerance = 0.05f;

    /// <summary>Largest |h_int8 − h_float| allowed at any step (h ∈ (−1, 1)).</summary>
    private const float HiddenTolerance = 0.03f;

    /// <summary>Max error of the last 100 steps may exceed that of the first 100 by at most this factor.</summary>
    private const float DriftFactor = 2f;

    private const int Steps = 1000;

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(128)]
    public void Int8_Step_Tracks_The_Float_Step_Over_1000_Streamed_Steps_Without_Drift(int hiddenSize)
    {
        var model = RandomModels.Create(hiddenSize, seed: hiddenSize);
        var inputs = RandomModels.Inputs(Steps, model.Config.InputSize, seed: 100 + hiddenSize);
        var calibrationBound = inputs.Max(Math.Abs);
        var reference = new FloatLstmStepper(model);
        var int8 = new Int8LstmStepper(WeightQuantiser.Quantise(model.Weights, calibrationBound / QuantisedMatrix.MaxValue));

        var outputErrors = new float[Steps];
        var hiddenErrors = new float[Steps];
        for (var t = 0; t < Steps; t++)
        {
            var x = inputs.AsSpan(t * model.Config.InputSize, model.Config.InputSize);
            x.CopyTo(reference.Input);
            x.CopyTo(int8.Input);
            reference.Step();
            int8.Step();
            outputErrors[t] = MaxAbsDifference(reference.Output, int8.Output);
            hiddenErrors[t] = MaxAbsDifference(reference.State.Hidden, int8.State.Hidden);
        }

        var first = outputErrors[..100].Max();
        var last = outputErrors[^100..].Max();
        output.WriteLine($"H={hiddenSize}: max |Δy| {outputErrors.Max():G3} (first 100 steps {first:G3}, last 100 {last:G3}), max |Δh| {hiddenErrors.Max():G3}");
        Assert.True(outputErrors.Max() <= OutputTolerance, $"max |Δy| {outputErrors.Max()} > {OutputTolerance}");
        Assert.True(hiddenErrors.Max() <= HiddenTolerance, $"max |Δh| {hiddenErrors.Max()} > {HiddenTolerance}");
        Assert.True(last <= DriftFactor * first, $"drift: max |Δy| over the last 100 steps {last} > {DriftFactor} × first 100 steps {first}");
    }

    [Theory]
    [InlineData(32)]
    [InlineData(50)]
    [InlineData(64)]
    public void Every_Supported_Path_Gives_Bitwise_The_Same_Steps(int hiddenSize)
    {
        var model = RandomModels.Create(hiddenSize, seed: 3, horizonSteps: 7);
        var weights = WeightQuantiser.Quantise(model.Weights, 4f / 127);
        var inputs = RandomModels.Inputs(200, model.Config.InputSize, seed: 4);
        var reference = Run(new Int8LstmStepper(weights, Int8MatVecPath.Scalar), inputs);
        foreach (var path in Enum.GetValues<Int8MatVecPath>().Where(Int8MatVec.IsSupported))
        {
            Assert.Equal(reference, Run(new Int8LstmStepper(weights, path), inputs));
        }
    }

    [Fact]
    public void Reset_Forgets_The_Past()
    {
        var model = RandomModels.Create(32, seed: 5);
        var weights = WeightQuantiser.Quantise(model.Weights, 4f / 127);
        var inputs = RandomModels.Inputs(50, model.Config.InputSize, seed: 6);
        var fresh = Run(new Int8LstmStepper(weights), inputs);
        var used = new Int8LstmStepper(weights);
        Run(used, RandomModels.Inputs(30, model.Config.InputSize, seed: 7));
        used.Reset();
        Assert.Equal(fresh, Run(used, inputs));
    }

    [Fact]
    public void State_Is_Carried_From_Step_To_Step()
    {
        // The CMSIS-NN pitfall: a kernel that wipes its state each call gives the same output for
        // the same input. Ours must not.
        var model = RandomModels.Create(32, seed: 8);
        var stepper = new Int8LstmStepper(WeightQuantiser.Quantise(model.Weights, 4f / 127));
        stepper.Input.Fill(1f);
        stepper.Step();
        var first = stepper.Output.ToArray();
        stepper.Step();
        Assert.NotEqual(first, stepper.Output.ToArray());
    }

    [Theory]
    [InlineData(64)]
    [InlineData(128)]
    public void Int8_And_Float_Steps_Allocate_Nothing_Over_10000_Steps(int hiddenSize)
    {
        var model = RandomModels.Create(hiddenSize, seed: 9);
        ILstmStepper[] steppers = [new FloatLstmStepper(model), new Int8LstmStepper(WeightQuantiser.Quantise(model.Weights, 4f / 127))];
        var inputs = RandomModels.Inputs(100, model.Config.InputSize, seed: 10);
        foreach (var stepper in steppers)
        {
            // Warm up so that tiered JIT compilation is not counted.
            StepMany(stepper, inputs, 2000);
            var before = GC.GetAllocatedBytesForCurrentThread();
            StepMany(stepper, inputs, 10_000);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated == 0, $"{stepper.GetType().Name} allocated {allocated} bytes over 10,000 steps");
        }
    }

    [Fact]
    public void Quantised_Weights_Are_Symmetric_Per_Row_And_Within_Half_A_Step()
    {
        var model = RandomModels.Create(64, seed: 11);
        var q = WeightQuantiser.Quantise(model.Weights, 1f);
        var w = model.Weights;
        for (var r = 0; r < q.RecurrentWeights.Rows; r++)
        {
            var row = w.RecurrentWeights.AsSpan(r * 64, 64);
            var max = 0f;
            foreach (var v in row)
            {
                max = Math.Max(max, Math.Abs(v));
            }

            Assert.Equal(max / 127, q.RecurrentWeights.Scales[r], 6);
            for (var k = 0; k < 64; k++)
            {
                Assert.InRange(q.RecurrentWeights.Values[(r * q.RecurrentWeights.Stride) + k], -127, 127);
                Assert.True(Math.Abs(q.RecurrentWeights.Dequantised(r, k) - row[k]) <= (0.5f * q.RecurrentWeights.Scales[r]) + 1e-7f);
            }
        }
    }

    [Fact]
    public void Quantising_Activations_Rounds_Half_To_Even_And_Saturates_Alike_In_Vector_And_Scalar_Code()
    {
        float[] values = [.. Enumerable.Range(-300, 601).Select(i => i * 0.5f), float.MaxValue, -float.MaxValue];
        var vectorised = new sbyte[values.Length];
        Int8Conversions.Quantise(values, 1f, vectorised);
        for (var i = 0; i < values.Length; i++)
        {
            var scalar = new sbyte[1];
            Int8Conversions.Quantise(values.AsSpan(i, 1), 1f, scalar);
            Assert.Equal(scalar[0], vectorised[i]);
            Assert.Equal((sbyte)MathF.Round(Math.Clamp(values[i], -127, 127)), vectorised[i]);
        }
    }

    private static float[] Run(Int8LstmStepper stepper, float[] inputs)
    {
        var inputSize = stepper.Input.Length;
        var steps = inputs.Length / inputSize;
        var outputSize = stepper.Output.Length;
        var outputs = new float[steps * outputSize];
        for (var t = 0; t < steps; t++)
        {
            inputs.AsSpan(t * inputSize, inputSize).CopyTo(stepper.Input);
            stepper.Step();
            stepper.Output.CopyTo(outputs.AsSpan(t * outputSize));
        }

        return outputs;
    }

    private static void StepMany(ILstmStepper stepper, float[] inputs, int steps)
    {
        var inputSize = stepper.Input.Length;
        var available = inputs.Length / inputSize;
        for (var t = 0; t < steps; t++)
        {
            inputs.AsSpan(t % available * inputSize, inputSize).CopyTo(stepper.Input);
            stepper.Step();
        }
    }

    private static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
