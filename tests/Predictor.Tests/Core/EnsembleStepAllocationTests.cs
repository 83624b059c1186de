using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Predictor.Quantisation;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>The per-frame step with an ensemble and the guard scoring matured frames allocates nothing, float or int8.</summary>
public sealed class EnsembleStepAllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ensemble_Step_With_The_Guard_Allocates_Nothing(bool int8)
    {
        var members = new[] { ModelFileTests.SmallModel(seed: 1), ModelFileTests.SmallModel(seed: 2), ModelFileTests.SmallModel(seed: 3) };
        var config = members[0].Config with { Members = 3 };
        ILstmStepper[] steppers = int8
            ? [.. members.Select(m => new Int8LstmStepper(WeightQuantiser.Quantise(m.Weights, 4f / 127)))]
            : [.. members.Select(m => new FloatLstmStepper(m))];
        var predictor = new PathPredictor(config, new EnsembleStepper(steppers));
        var frame = new Frame { V = 1.2, Gz = 0.3, W = 0.25 };

        // Past the ring's length (K·n + 1 frames), so the guard scores matured frames in the loop measured.
        for (var i = 0; i < 300; i++)
        {
            Advance(ref frame);
            predictor.Step(in frame);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 2000; i++)
        {
            Advance(ref frame);
            predictor.Step(in frame);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.InRange(predictor.MeanGuardGain, 0f, 1f);
    }

    private static void Advance(ref Frame frame)
    {
        frame.Index++;
        frame.TimestampNs += 20_000_000;
        frame.OdomYaw += 0.3 * 0.02;
        frame.OdomX += 1.2 * 0.02 * Math.Cos(frame.OdomYaw);
        frame.OdomY += 1.2 * 0.02 * Math.Sin(frame.OdomYaw);
    }
}
