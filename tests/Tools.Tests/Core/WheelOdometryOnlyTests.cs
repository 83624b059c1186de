using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Evaluation;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Training;
using EdgeLstm.Sensors.Simulation;

namespace EdgeLstm.Tools.Tests.Core;

/// <summary>A robot with wheel odometry only (no IMU columns, 10 Hz): trains on what it has, and CTRV turns with w.</summary>
public sealed class WheelOdometryOnlyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elstm-noimu-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Recording_Without_Imu_Trains_On_V_W_And_Gap_And_Ctrv_Uses_The_Odometry_Turn_Rate()
    {
        var paths = new[] { 21, 22 }.Select(seed =>
        {
            var path = Path.Combine(_dir, $"noimu-{seed}.csv");
            SimulationFile.Write(path, new SimulatorOptions { Seed = seed, Seconds = 40, WheelRateHz = 10 }, withImu: false);
            return path;
        }).ToList();
        Assert.DoesNotContain(",gz,", File.ReadLines(paths[0]).First(l => l.StartsWith("t,", StringComparison.Ordinal)) + ",");
        var recordings = paths.Select(p => RecordingLoader.Load(p, 50, 20, 0.1)).ToList();
        Assert.All(recordings, r => Assert.False(r.HasImu));

        var ensemble = RecipeTrainer.Train(recordings, [], new TrainingOptions { HiddenSize = 4, Epochs = 2, Members = 2 });
        Assert.Equal(["v", "w", "gap"], ensemble.Config.Features.Select(f => f.Name));
        Assert.Equal(PriorYawSource.Odometry, ensemble.Config.PriorYawSource);

        var result = Evaluator.Evaluate(recordings, EnsemblePredictor.Float(ensemble), 1.0, 0.1);
        Assert.True(result.ConstantTurnRate.Fde < 0.95 * result.ConstantVelocity.Fde, $"CTRV {result.ConstantTurnRate.Fde:F3} m, CV {result.ConstantVelocity.Fde:F3} m");
        Assert.True(double.IsFinite(result.Model!.Fde));
    }
}
