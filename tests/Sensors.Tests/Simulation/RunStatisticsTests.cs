using EdgeLstm.Sensors.Simulation;
using Xunit.Abstractions;

namespace EdgeLstm.Sensors.Tests.Simulation;

/// <summary>Across seeds, 120 s runs look alike in their statistics (and the output documents them).</summary>
public sealed class RunStatisticsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(Kinematics.Differential)]
    [InlineData(Kinematics.Bicycle)]
    public void TypicalRuns_OverFiveSeeds_HaveSpeedsTurnsAndStopsInRange(Kinematics kinematics)
    {
        foreach (int seed in new[] { 1, 2, 3, 42, 1234 })
        {
            var run = SimulatedRun.Of(seed, kinematics);
            SimulatorOptions options = run.Simulator.Options;
            double[] moving = [.. run.TruthSpeed.Where(v => v > 0.05)];
            double maxLateral = run.TruthSpeed.Zip(run.TruthYawRate, (v, w) => Math.Abs(v * w)).Max();
            int stops = run.CountStops();
            output.WriteLine(
                $"{kinematics} seed {seed}: {run.Events.Count} events; speed max {run.TruthSpeed.Max():F2}, mean while moving {moving.Average():F2} m/s; " +
                $"yaw rate {run.TruthYawRate.Min():F2} .. {run.TruthYawRate.Max():F2} rad/s; |a_lat| max {maxLateral:F2} m/s²; stops {stops}; " +
                $"moving {moving.Length / options.GroundTruthRateHz:F0} s");

            Assert.InRange(moving.Average(), 0.3 * options.EffectiveMaxSpeed, 0.9 * options.EffectiveMaxSpeed);
            Assert.InRange(moving.Length / options.GroundTruthRateHz, 60, 118);
            Assert.True(run.TruthYawRate.Max() > 0.5 && run.TruthYawRate.Min() < -0.5, "turns are too gentle or one-sided");
            Assert.InRange(stops, 2, 15);
            Assert.True(maxLateral <= options.MaxLateralAcceleration * 1.02);
        }
    }
}
