using EdgeLstm.Sensors.Simulation;

namespace EdgeLstm.Sensors.Tests.Simulation;

/// <summary>
/// Bicycle car: the motor controller's w comes from the steering command, so it leads the true yaw
/// rate (servo lag), overstates it at speed (understeer), and its v carries a scale error.
/// </summary>
public sealed class BicycleOdometryTests
{
    private readonly SimulatedRun _run = SimulatedRun.Of(61, Kinematics.Bicycle);

    [Fact]
    public void OdometryW_FollowsTheCommand_SoTheTrueYawRateLagsBehindIt()
    {
        double[] w = [.. _run.Wheels.Select(e => e.W)];

        // The lag that best aligns the true yaw rate with the odometry w.
        double bestLag = 0, bestCorrelation = double.MinValue;
        for (int step = 0; step <= 25; step++)
        {
            double lag = step * 0.02;
            double[] truth = [.. _run.Wheels.Select(e => _run.TruthAt(e.TimeSeconds + lag).YawRate)];
            double correlation = SimulatedRun.Correlation(w, truth);
            if (correlation > bestCorrelation)
            {
                (bestLag, bestCorrelation) = (lag, correlation);
            }
        }

        Assert.True(bestCorrelation > 0.9, $"w hardly relates to the yaw rate: r = {bestCorrelation:F3}");
        Assert.InRange(bestLag, 0.06, 0.3);
    }

    [Fact]
    public void OdometryW_DiffersFromTheTrueYawRateInTransients()
    {
        double[] error = [.. _run.Wheels.Select(e => Math.Abs(e.W - _run.TruthAt(e.TimeSeconds).YawRate))];

        Assert.True(error.Max() > 0.2, $"w never differs from the truth by more than {error.Max():F3} rad/s");
        Assert.True(error.Count(x => x > 0.1) > 50, "w matches the truth almost everywhere");
    }

    [Fact]
    public void OdometryCurvature_ExceedsTheTrueCurvature_InFastSteadyTurns()
    {
        // w/v = tan δ_cmd / L against ω/v of the truth; understeer makes the truth turn wider.
        var ratios = _run.Wheels
            .Select(e => (Odometry: e, Truth: _run.TruthAt(e.TimeSeconds + 0.3)))
            .Where(p => p.Truth.Speed > 1.2 && Math.Abs(p.Truth.YawRate / p.Truth.Speed) > 0.3 && p.Odometry.V > 0)
            .Select(p => (p.Odometry.W / p.Odometry.V) / (p.Truth.YawRate / p.Truth.Speed))
            .ToArray();

        Assert.True(ratios.Length > 50, $"only {ratios.Length} fast turning samples");
        Assert.True(ratios.Average() > 1.03, $"odometry curvature / true curvature = {ratios.Average():F3}");
    }

    [Fact]
    public void OdometrySpeed_HasAFewPercentScaleError_AndIsZeroAtRest()
    {
        var moving = _run.Wheels.Where(e => _run.TruthAt(e.TimeSeconds).Speed > 0.5).ToArray();
        double[] ratio = [.. moving.Select(e => e.V / _run.TruthAt(e.TimeSeconds).Speed)];

        Assert.InRange(ratio.Average(), 0.9, 1.1);
        Assert.True(ratio.Select(r => Math.Abs(r - 1)).Average() > 0.005, "speed is exact: no scale error");
        Assert.All(_run.Wheels.Where(e => _run.TruthAt(e.TimeSeconds).Speed == 0 && e.TimeSeconds < 0.5), e => Assert.Equal(0, e.V));
    }
}
