using EdgeLstm.Predictor.Quantisation;
using Xunit.Abstractions;

namespace EdgeLstm.Predictor.Tests.Quantisation;

/// <summary>
/// The production int8 step against <see cref="FrozenInt8Step"/>, the step before the kernels were
/// fused, over 1,000 streamed steps: outputs and h within 1e-5, and every int8 rounding of h that
/// differs (a value of 127·h that a different activation rounding moved across a .5 boundary)
/// counted and printed.
/// </summary>
public sealed class Int8KernelRegressionTests(ITestOutputHelper output)
{
    private const float Tolerance = 1e-5f;

    private const int Steps = 1000;

    [Theory]
    [InlineData(32, 1f)]
    [InlineData(50, 2f)]
    [InlineData(64, 1f)]
    [InlineData(64, 2f)]
    [InlineData(128, 2f)]
    public void Int8_Step_Stays_Within_1e5_Of_The_Unfused_Step_Over_1000_Streamed_Steps(int hiddenSize, float gain)
    {
        var model = RandomModels.Create(hiddenSize, seed: 40 + hiddenSize, gain: gain);
        var inputs = RandomModels.Inputs(Steps, model.Config.InputSize, seed: 41);
        var weights = WeightQuantiser.Quantise(model.Weights, 4f / QuantisedMatrix.MaxValue);
        foreach (var path in Enum.GetValues<Int8MatVecPath>().Where(Int8MatVec.IsSupported))
        {
            var frozen = new FrozenInt8Step(weights);
            var stepper = new Int8LstmStepper(weights, path);
            var (maxOutput, maxHidden, flips) = (0f, 0f, 0);
            for (var t = 0; t < Steps; t++)
            {
                var x = inputs.AsSpan(t * model.Config.InputSize, model.Config.InputSize);
                x.CopyTo(frozen.Input);
                x.CopyTo(stepper.Input);
                frozen.Step();
                stepper.Step();
                maxOutput = Math.Max(maxOutput, MaxAbsDifference(frozen.Output, stepper.Output));
                maxHidden = Math.Max(maxHidden, MaxAbsDifference(frozen.Hidden, stepper.State.Hidden));
                flips += CountDifferences(frozen.QuantisedHidden, stepper.State.QuantisedHidden.AsSpan(0, hiddenSize));
            }

            output.WriteLine($"H={hiddenSize} gain {gain} {path}: max |Δy| {maxOutput:G3}, max |Δh| {maxHidden:G3}, h_q roundings flipped {flips}");
            Assert.True(maxOutput <= Tolerance, $"{path}: max |Δy| {maxOutput} > {Tolerance}");
            Assert.True(maxHidden <= Tolerance, $"{path}: max |Δh| {maxHidden} > {Tolerance}");
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

    private static int CountDifferences(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            count += a[i] != b[i] ? 1 : 0;
        }

        return count;
    }
}
