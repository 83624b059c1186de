using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Predictor.Quantisation;
using EdgeLstm.Tests.Shared;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Evaluation;
using EdgeLstm.Tools.Quantising;
using EdgeLstm.Tools.Training;
using Xunit.Abstractions;

namespace EdgeLstm.Tools.Tests.Quantisation;

/// <summary>The int8 model predicts as well as the float model it came from, on the real recordings.</summary>
public sealed class Int8AccuracyQuantisationTests(ITestOutputHelper output)
{
    private const double RelativeTolerance = 0.02;

    private static readonly string[] TrainingFiles = ["f1tenth-ds1.csv", "f1tenth-ds2.csv"];

    [Fact]
    public void Int8_Eval_Is_Within_2_Percent_Of_Float_ADE_And_FDE_On_The_Real_Recordings()
    {
        var model = BundledOrQuicklyTrained(out var source);
        var c = model.Config;
        var recordings = RepoPaths.RealRecordings
            .Select(name => RecordingLoader.Load(RepoPaths.RealRecording(name), c.FrameRateHz, c.HorizonSteps, c.StepSeconds))
            .ToList();

        // Calibrate on the training files only, evaluate on all three (the third is unseen).
        var calibration = Quantiser.Calibrate(model, recordings[..2]);
        var int8 = new PathPredictor(c, new Int8LstmStepper(WeightQuantiser.Quantise(model.Weights, calibration.InputScale)));
        foreach (var horizon in new[] { 1.0, c.HorizonSeconds })
        {
            var reference = Evaluator.Evaluate(recordings, new PathPredictor(model), horizon, c.StepSeconds).Model!;
            var quantised = Evaluator.Evaluate(recordings, int8, horizon, c.StepSeconds).Model!;
            output.WriteLine($"{source}, horizon {horizon} s: float ADE {reference.Ade:F4} FDE {reference.Fde:F4}; int8 ADE {quantised.Ade:F4} FDE {quantised.Fde:F4}");
            Assert.True(Math.Abs(quantised.Ade - reference.Ade) <= RelativeTolerance * reference.Ade, $"ADE {quantised.Ade} vs float {reference.Ade}");
            Assert.True(Math.Abs(quantised.Fde - reference.Fde) <= RelativeTolerance * reference.Fde, $"FDE {quantised.Fde} vs float {reference.Fde}");
        }
    }

    private static LstmModel BundledOrQuicklyTrained(out string source)
    {
        var bundled = Path.Combine(RepoPaths.Root, "models", "default.elstm");
        if (File.Exists(bundled))
        {
            source = "models/default.elstm";
            return ModelLoader.LoadFloat(bundled);
        }

        var options = new TrainingOptions { Name = "quick", HiddenSize = 32, Epochs = 8, Seed = 1 };
        var training = TrainingFiles
            .Select(name => RecordingLoader.Load(RepoPaths.RealRecording(name), options.FrameRateHz, options.HorizonSteps, options.StepSeconds))
            .ToList();
        source = "a model trained for 8 epochs in the test";
        return PathTrainer.Train(training, [], options);
    }
}
