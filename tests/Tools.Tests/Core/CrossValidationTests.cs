using EdgeLstm.Predictor.Model;
using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Training;

namespace EdgeLstm.Tools.Tests.Core;

/// <summary>Leave-one-recording-out: no fold's training reads its left-out recording, in any part.</summary>
public sealed class CrossValidationTests
{
    [Fact]
    public void No_Fold_Trains_On_Or_Stops_Early_On_Its_Left_Out_Recording()
    {
        var recordings = new[] { 11, 12, 13 }
            .Select(seed => RecordingLoader.FromSource($"sim-{seed}", new RobotSimulator(new SimulatorOptions { Seed = seed, Seconds = 30 }), 50, 20, 0.1))
            .ToList();
        var options = new TrainingOptions { HiddenSize = 4, Epochs = 2, Members = 2 };
        var handed = new List<IReadOnlyList<Recording>>();

        // The real recipe, watched: every recording its training is handed, and every frame of them.
        var folds = CrossValidation.Run(recordings, (training, progress) =>
        {
            handed.Add(training);
            return RecipeTrainer.Train(training, [], options, progress);
        });

        Assert.Equal(3, folds.Count);
        for (var i = 0; i < folds.Count; i++)
        {
            var leftOut = recordings[i];
            Assert.Equal(leftOut.Name, folds[i].LeftOut);
            Assert.DoesNotContain(leftOut, handed[i]);
            Assert.DoesNotContain(leftOut.Name, folds[i].TrainedOn);
            Assert.Equal(2, handed[i].Count);

            // Not a copy either: no moving frame of the left-out run appears in what training saw
            // (every run starts at rest at t = 0, so standing frames are alike).
            var seen = handed[i].SelectMany(r => r.Frames.Select(f => (f.TimestampNs, f.V, f.Gz, f.Ax))).ToHashSet();
            var moving = leftOut.Frames.Where(f => f.V > 0.05).ToList();
            Assert.NotEmpty(moving);
            Assert.DoesNotContain(moving, f => seen.Contains((f.TimestampNs, f.V, f.Gz, f.Ax)));
            Assert.True(folds[i].At1.Anchors > 0);
            Assert.Equal(PriorKind.DampedTurnRate, folds[i].Model.Prior);
        }
    }

    [Fact]
    public void The_Same_Seed_Trains_The_Same_Weights_And_Another_Seed_Does_Not()
    {
        // crossval's figures are reproducible only if training is: same recordings, same options,
        // same seed, bit for bit the same weights (members and augmentation draw from the seed alone).
        var recordings = new[] { 21, 22 }
            .Select(seed => RecordingLoader.FromSource($"sim-{seed}", new RobotSimulator(new SimulatorOptions { Seed = seed, Seconds = 30 }), 50, 20, 0.1))
            .ToList();
        float[] Weights(int seed) =>
        [
            .. RecipeTrainer.Train(recordings, [], new TrainingOptions { HiddenSize = 4, Epochs = 3, Members = 2, Seed = seed })
                .Members.SelectMany(m => m.Weights.Tensors).SelectMany(t => t),
        ];

        var first = Weights(7);
        Assert.Equal(first, Weights(7));
        Assert.NotEqual(first, Weights(8));
    }

    [Fact]
    public void The_Report_Gives_The_Int8_Coverage_Over_Folds_And_Its_Distance_From_Float()
    {
        var recordings = new[] { 21, 22 }
            .Select(seed => RecordingLoader.FromSource($"sim-{seed}", new RobotSimulator(new SimulatorOptions { Seed = seed, Seconds = 40 }), 50, 20, 0.1))
            .ToList();
        var options = new TrainingOptions { HiddenSize = 16, Epochs = 15, Members = 2 };
        var folds = CrossValidation.Run(recordings, (training, progress) => RecipeTrainer.Train(training, [], options, progress));

        var table = EdgeLstm.Tools.Commands.CrossvalReport.ToTable(folds, options, new EdgeLstm.Tools.Commands.CrossvalTiming(TimeSpan.Zero, TimeSpan.Zero));

        // One row per horizon (0.5, 1, 2 s): "@1s  in50 M (±D [±W])  in90 M (±D [±W])".
        var lines = table.Split('\n').SkipWhile(l => !l.StartsWith("int8 coverage over folds", StringComparison.Ordinal)).Skip(1).Take(3).ToList();
        Assert.Equal(3, lines.Count);
        var anyGap = false;
        for (var h = 0; h < 3; h++)
        {
            var row = System.Text.RegularExpressions.Regex.Match(lines[h], @"in50 ([0-9.]+) \(([+-][0-9.]+) \[([+-][0-9.]+)\]\)\s+in90 ([0-9.]+) \(([+-][0-9.]+) \[([+-][0-9.]+)\]\)");
            Assert.True(row.Success, lines[h]);
            double Number(int group) => double.Parse(row.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
            for (var level = 0; level < 2; level++)
            {
                Func<EdgeLstm.Tools.Evaluation.CoverageStats, double> inside = level == 0 ? c => c.Inside50 : c => c.Inside90;
                var int8 = folds.Select(f => 100 * inside(f.Int8Coverage![h].Model)).ToList();
                var gaps = folds.Select(f => 100 * (inside(f.Int8Coverage![h].Model) - inside(f.Coverage![h].Model))).ToList();
                anyGap |= gaps.Any(g => Math.Abs(g) >= 0.1);
                Assert.Equal(int8.Average(), Number(1 + (3 * level)), 1);
                Assert.Equal(gaps.Average(), Number(2 + (3 * level)), 1);
                Assert.Equal(gaps.MaxBy(Math.Abs), Number(3 + (3 * level)), 1);
            }
        }

        // The check means something only where int8 and float differ somewhere.
        Assert.True(anyGap, "int8 and float coverage agree in every cell: the test cannot tell them apart");
    }

    [Fact]
    public void Hold_Out_Is_The_End_Of_Each_Recording_A_Horizon_After_The_Fitted_Part()
    {
        var run = RecordingLoader.FromSource("sim-1", new RobotSimulator(new SimulatorOptions { Seed = 1, Seconds = 60 }), 50, 20, 0.1);
        var (fit, holdout) = RecordingSplit.Split(run, 0.2, 50, 2.0);
        Assert.Equal(run.Frames[^1].TimestampNs, holdout.Frames[^1].TimestampNs);
        Assert.Equal(run.Frames[0].TimestampNs, fit.Frames[0].TimestampNs);
        Assert.True(holdout.Frames[0].TimestampNs - fit.Frames[^1].TimestampNs >= 2_000_000_000);
        Assert.InRange(holdout.Length, (int)(0.19 * run.Length), (int)(0.21 * run.Length));
    }
}
