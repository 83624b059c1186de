using EdgeLstm.Sensors.Simulation;
using Xunit.Abstractions;

namespace EdgeLstm.Sensors.Tests.Simulation;

public sealed class RunStatisticsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(Kinematics.Differential)]
    [InlineData(Kinematics.Bicycle)]
    public void Report_TypicalStatisticsOf120sRuns(Kinematics kinematics)
    {
        foreach (int seed in new[] { 1, 2, 3, 42, 1234 })
        {
            var run = SimulatedRun.Of(seed, kinematics);
            double maxLat = 0;
            for (int i = 0; i < run.Truth.Length; i++)
            {
                maxLat = Math.Max(maxLat, Math.Abs(run.TruthSpeed[i] * run.TruthYawRate[i]));
            }

            double[] moving = [.. run.TruthSpeed.Where(v => v > 0.05)];
            output.WriteLine(
                $"{kinematics} seed {seed}: events {run.Events.Count}, speed max {run.TruthSpeed.Max():F2} mean(moving) {moving.Average():F2} m/s, " +
                $"yaw rate {run.TruthYawRate.Min():F2}..{run.TruthYawRate.Max():F2} rad/s, |a_lat| max {maxLat:F2}, stops {run.CountStops()}, " +
                $"left {run.TruthYawRate.Count(w => w > 0.3) / 50.0:F1} s, right {run.TruthYawRate.Count(w => w < -0.3) / 50.0:F1} s, " +
                $"extent x {run.Truth.Min(e => e.X):F1}..{run.Truth.Max(e => e.X):F1} y {run.Truth.Min(e => e.Y):F1}..{run.Truth.Max(e => e.Y):F1}");
        }
    }
}
