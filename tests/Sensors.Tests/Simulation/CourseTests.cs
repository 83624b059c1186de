using EdgeLstm.Sensors.Simulation;

namespace EdgeLstm.Sensors.Tests.Simulation;

/// <summary>The course is varied enough to train on and respects the grip limit.</summary>
public sealed class CourseTests
{
    [Theory]
    [InlineData(Kinematics.Differential, 1)]
    [InlineData(Kinematics.Differential, 2)]
    [InlineData(Kinematics.Differential, 3)]
    [InlineData(Kinematics.Bicycle, 1)]
    [InlineData(Kinematics.Bicycle, 2)]
    [InlineData(Kinematics.Bicycle, 3)]
    public void Course_Over120s_HasStops_LeftAndRightTurns_AndVaryingSpeed(Kinematics kinematics, int seed)
    {
        var run = SimulatedRun.Of(seed, kinematics);
        double maxSpeed = run.Simulator.Options.EffectiveMaxSpeed;
        double sampleSeconds = 1.0 / run.Simulator.Options.GroundTruthRateHz;

        Assert.InRange(run.CountStops(), 2, 20);
        Assert.True(run.TruthYawRate.Count(w => w > 0.3) * sampleSeconds > 1.0, "no left turns");
        Assert.True(run.TruthYawRate.Count(w => w < -0.3) * sampleSeconds > 1.0, "no right turns");

        double[] moving = [.. run.TruthSpeed.Where(v => v > 0.05)];
        double mean = moving.Average();
        double spread = Math.Sqrt(moving.Average(v => (v - mean) * (v - mean)));
        Assert.True(spread > 0.1 * maxSpeed, $"speed hardly varies: σ = {spread:F3} m/s");
        Assert.True(moving.Max() > 0.7 * maxSpeed);
        Assert.True(moving.Count(v => v < 0.4 * maxSpeed) * sampleSeconds > 2.0, "never drives slowly");

        // It really goes places: the robot covers a good part of the arena.
        double extentX = run.Truth.Max(e => e.X) - run.Truth.Min(e => e.X);
        double extentY = run.Truth.Max(e => e.Y) - run.Truth.Min(e => e.Y);
        Assert.True(extentX > 4 && extentY > 4, $"extent {extentX:F1} × {extentY:F1} m");
    }

    [Theory]
    [InlineData(Kinematics.Differential, 2.0)]
    [InlineData(Kinematics.Differential, 0.75)]
    [InlineData(Kinematics.Bicycle, 2.0)]
    [InlineData(Kinematics.Bicycle, 1.0)]
    public void LateralAcceleration_StaysUnderTheLimit(Kinematics kinematics, double limit)
    {
        var run = SimulatedRun.Of(new SimulatorOptions { Seed = 41, Kinematics = kinematics, Seconds = 120, MaxLateralAcceleration = limit });

        double[] lateral = [.. run.TruthSpeed.Zip(run.TruthYawRate, (v, w) => Math.Abs(v * w))];
        Assert.True(lateral.Max() <= limit * 1.02, $"|v·ω| reaches {lateral.Max():F3} m/s² over a limit of {limit}");
        Assert.True(lateral.Max() > 0.5 * limit, "the turns never come near the limit, so the test proves nothing");
    }

    [Theory]
    [InlineData(Kinematics.Differential, 0.75)]
    [InlineData(Kinematics.Bicycle, 2.0)]
    public void TightTurns_AreDrivenSlowerThanStraights(Kinematics kinematics, double limit)
    {
        var run = SimulatedRun.Of(new SimulatorOptions { Seed = 42, Kinematics = kinematics, Seconds = 120, MaxLateralAcceleration = limit });
        double maxSpeed = run.Simulator.Options.EffectiveMaxSpeed;

        // "Tight": a curvature at which the grip limit allows at most 70 % of top speed (κ = a / v²).
        double tight = limit / Math.Pow(0.7 * maxSpeed, 2);
        var samples = run.TruthSpeed.Zip(run.TruthYawRate, (v, w) => (Speed: v, Curvature: v > 0.1 ? Math.Abs(w / v) : 0))
            .Where(s => s.Speed > 0.1)
            .ToArray();
        double[] inTightTurns = [.. samples.Where(s => s.Curvature > tight).Select(s => s.Speed)];
        double[] onStraights = [.. samples.Where(s => s.Curvature < 0.1).Select(s => s.Speed)];

        Assert.True(inTightTurns.Length > 50, $"only {inTightTurns.Length} samples in tight turns");
        Assert.True(inTightTurns.Average() < 0.8 * onStraights.Average(), $"tight turns at {inTightTurns.Average():F2} m/s, straights at {onStraights.Average():F2} m/s");
        Assert.True(inTightTurns.Max() <= 0.72 * maxSpeed, $"a tight turn at {inTightTurns.Max():F2} m/s");
    }
}
