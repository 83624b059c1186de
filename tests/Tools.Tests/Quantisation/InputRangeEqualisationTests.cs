using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Predictor.Quantisation;
using EdgeLstm.Tests.Shared;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Evaluation;
using EdgeLstm.Tools.Quantising;
using Xunit.Abstractions;

namespace EdgeLstm.Tools.Tests.Quantisation;

/// <summary>
/// Equalising each input feature's range changes nothing in float and, in int8, lets the rare gap
/// flag (34 σ on the real recordings) stop costing speed and turn rate their resolution.
/// </summary>
public sealed class InputRangeEqualisationTests(ITestOutputHelper output)
{
    private static readonly GuardSettings NoFeedback = new() { Enabled = false, SpreadAdaptation = 0 };

    [Fact]
    public void The_Equalised_Float_Ensemble_Predicts_The_Same_Path()
    {
        var ensemble = ModelLoader.LoadFloatEnsemble(Path.Combine(RepoPaths.Root, "models", "f1tenth.elstm"));
        var c = ensemble.Config;
        var run = RecordingLoader.Load(RepoPaths.RealRecording("f1tenth-ds3.csv"), c.FrameRateHz, c.HorizonSteps, c.StepSeconds);
        var bounds = new float[] { 4f, 0.5f, 3f, 7f, 11f, 34f };
        var original = EnsemblePredictor.Float(ensemble, NoFeedback);
        var equalised = EnsemblePredictor.Float(InputRangeEqualisation.Apply(ensemble, bounds), NoFeedback);
        Assert.NotEqual(ensemble.Config.Features[5].Std, InputRangeEqualisation.Apply(ensemble, bounds).Config.Features[5].Std);

        var largest = 0.0;
        foreach (var frame in run.Frames.Take(3000))
        {
            original.Step(in frame);
            equalised.Step(in frame);
            var a = original.BodyPath;
            var b = equalised.BodyPath;
            for (var i = 0; i < a.Length; i++)
            {
                largest = Math.Max(largest, Math.Abs(a[i] - b[i]));
            }
        }

        Assert.True(largest < 1e-4, $"largest difference {largest}");
    }

    [Fact]
    public void Equalised_Int8_Tracks_Float_Within_1_Percent_And_Closer_Than_One_Pooled_Scale()
    {
        var ensemble = ModelLoader.LoadFloatEnsemble(Path.Combine(RepoPaths.Root, "models", "f1tenth.elstm"));
        var c = ensemble.Config;
        var recordings = RepoPaths.RealRecordings
            .Select(name => RecordingLoader.Load(RepoPaths.RealRecording(name), c.FrameRateHz, c.HorizonSteps, c.StepSeconds))
            .ToList();
        var calibration = Quantiser.Calibrate(ensemble.Members[0], recordings);

        var (config, members) = Quantiser.Quantise(ensemble, calibration);
        var equalised = new PathPredictor(config, new EnsembleStepper([.. members.Select(m => (ILstmStepper)new Int8LstmStepper(m))]), NoFeedback);
        var pooled = new PathPredictor(c with { Quantisation = QuantisationMode.Int8 }, new EnsembleStepper([.. ensemble.Members.Select(m => (ILstmStepper)new Int8LstmStepper(WeightQuantiser.Quantise(m.Weights, calibration.InputScale)))]), NoFeedback);

        var reference = Evaluator.Evaluate(recordings, EnsemblePredictor.Float(ensemble, NoFeedback), 2.0, c.StepSeconds).Model!.Fde;
        var fdeEqualised = Evaluator.Evaluate(recordings, equalised, 2.0, c.StepSeconds).Model!.Fde;
        var fdePooled = Evaluator.Evaluate(recordings, pooled, 2.0, c.StepSeconds).Model!.Fde;
        output.WriteLine($"FDE@2s float {reference:F4}, int8 equalised {fdeEqualised:F4}, int8 one pooled scale {fdePooled:F4}");
        Assert.True(Math.Abs(fdeEqualised - reference) <= 0.01 * reference, $"equalised {fdeEqualised} vs float {reference}");
        Assert.True(Math.Abs(fdeEqualised - reference) < Math.Abs(fdePooled - reference), $"equalised {fdeEqualised}, pooled {fdePooled}, float {reference}");
    }
}
