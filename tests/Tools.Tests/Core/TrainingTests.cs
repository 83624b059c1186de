using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tests.Shared;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Evaluation;
using EdgeLstm.Tools.Training;

namespace EdgeLstm.Tools.Tests.Core;

public sealed class TrainingTests
{
    private static Recording Real(string name) => RecordingLoader.Load(RepoPaths.RealRecording(name), 50, 20, 0.1);

    [Fact]
    public void Same_Seed_Gives_The_Same_Model_Bit_For_Bit_And_Another_Seed_Does_Not()
    {
        var data = new[] { Real("f1tenth-ds1.csv") };
        var options = new TrainingOptions { HiddenSize = 8, Epochs = 2, Seed = 5 };
        var a = ModelFile.ToBytes(PathTrainer.Train(data, [], options).Config, FloatModelFile.ToTensors(PathTrainer.Train(data, [], options)));
        var b = ModelFile.ToBytes(PathTrainer.Train(data, [], options).Config, FloatModelFile.ToTensors(PathTrainer.Train(data, [], options)));
        var c = ModelFile.ToBytes(PathTrainer.Train(data, [], options with { Seed = 6 }).Config, FloatModelFile.ToTensors(PathTrainer.Train(data, [], options with { Seed = 6 })));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Loss_Weights_Are_Metres_Squared_By_Default_And_Equal_Per_Pose_When_Balanced()
    {
        var data = new[] { Real("f1tenth-ds3.csv") };
        var model = PathTrainer.Train(data, [], new TrainingOptions { HiddenSize = 8, Epochs = 1 });
        var metres = TrainingSet.Build(data, model.Config, yawWeight: 0.1);
        var balanced = TrainingSet.Build(data, model.Config, yawWeight: 0.1, balanced: true);
        var frame = Array.FindIndex(data[0].KnownSteps, k => k == model.Config.HorizonSteps);
        var outputs = model.Config.OutputSize;
        for (var j = 0; j < outputs; j++)
        {
            var s = model.Config.OutputScale[j];
            var yaw = j % 3 == 2 ? 0.1 : 1.0;
            Assert.Equal(s * s * yaw, metres.Weights[0][(frame * outputs) + j], 4);
            Assert.Equal(yaw, balanced.Weights[0][(frame * outputs) + j], 6);
        }

        // Far poses spread more than near ones, so in metres² they dominate the loss.
        Assert.True(model.Config.OutputScale[outputs - 3] > 3 * model.Config.OutputScale[0]);
    }

    [Fact]
    public void Untrained_Head_Predicts_Exactly_The_Physics_Prior()
    {
        var data = new[] { Real("f1tenth-ds3.csv") };
        var model = PathTrainer.Train(data, [], new TrainingOptions { HiddenSize = 8, Epochs = 1, LearningRate = 1e-12 });
        var predictor = new PathPredictor(model);
        var prior = new float[model.Config.OutputSize];
        var frame = data[0].Frames[500];
        predictor.Step(in frame);
        PhysicsPrior.For(model.Config).Path(frame.V, PhysicsPrior.YawRate(in frame), prior);
        for (var j = 0; j < prior.Length; j++)
        {
            Assert.Equal(prior[j], predictor.BodyPath[j], 3);
        }
    }

    /// <summary>
    /// Issue 2's acceptance on real data: trained on ds1 and ds2, validated on ds3 (early stopping),
    /// the model's FDE on ds3 is at least 10% below the better of CV and CTRV at 1 s and at 2 s.
    /// ds3 chose the epoch, so this is a check that training on real data works, not a held-out
    /// figure: those come from crossval (README, "Models and results").
    /// </summary>
    [Fact]
    [Trait("Category", "Long")]
    public void Model_Trained_On_Ds1_And_Ds2_Beats_Both_Baselines_By_10_Percent_On_Ds3_Which_Chose_Its_Epoch()
    {
        var training = new[] { Real("f1tenth-ds1.csv"), Real("f1tenth-ds2.csv") };
        var validation = new[] { Real("f1tenth-ds3.csv") };
        var model = PathTrainer.Train(training, validation, new TrainingOptions { HiddenSize = 32, Epochs = 200, Patience = 25, Seed = 1 });
        foreach (var horizon in new[] { 1.0, 2.0 })
        {
            var result = Evaluator.Evaluate(validation, new PathPredictor(model), horizon, 0.1);
            var best = Math.Min(result.ConstantVelocity.Fde, result.ConstantTurnRate.Fde);
            Console.WriteLine($"ds3 @{horizon}s: model FDE {result.Model!.Fde:F3}, CV {result.ConstantVelocity.Fde:F3}, CTRV {result.ConstantTurnRate.Fde:F3}");
            Assert.True(result.Model.Fde <= 0.9 * best, $"@{horizon} s: model FDE {result.Model.Fde:F3} m, best baseline {best:F3} m");
        }
    }
}
