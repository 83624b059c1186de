using System.Globalization;
using EdgeLstm.Sensors.Simulation;

namespace EdgeLstm.Sensors.Tests.Simulation;

/// <summary>Differential robot: cumulative integer ticks that follow the true wheel travel within slip.</summary>
public sealed class WheelTickTests
{
    [Fact]
    public void Ticks_AreCumulativeIntegers_WrittenAsIntegers()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edge-lstm-ticks-{Guid.NewGuid():N}.csv");
        try
        {
            SimulationFile.Write(path, new SimulatorOptions { Seed = 51, Seconds = 30 });
            string[] lines = File.ReadAllLines(path);
            string[] header = lines.First(l => !l.StartsWith('#')).Split(',');
            int left = Array.IndexOf(header, "enc_left");
            int right = Array.IndexOf(header, "enc_right");
            Assert.True(left > 0 && right > 0, "no enc_left/enc_right columns");

            long lastLeft = 0, lastRight = 0;
            int rows = 0;
            foreach (string[] cells in lines.SkipWhile(l => l.StartsWith('#')).Skip(1).Select(l => l.Split(',')).Where(c => c[left].Length > 0))
            {
                long l = long.Parse(cells[left], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                long r = long.Parse(cells[right], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                Assert.True(l >= lastLeft && r >= lastRight, "ticks went backwards (the course never reverses)");
                (lastLeft, lastRight) = (l, r);
                rows++;
            }

            Assert.Equal(30 * 50, rows);
            Assert.True(lastLeft > 1000 && lastRight > 1000, $"only {lastLeft}/{lastRight} ticks in 30 s");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TickRate_MatchesSpeedTimesTicksPerMeter_WithinSlip()
    {
        var run = SimulatedRun.Of(new SimulatorOptions { Seed = 52, Seconds = 120, TicksPerMeter = 2000 });
        double worst = 0;
        foreach ((double ratio, double yawError) in OneSecondWindows(run))
        {
            // Slip: ~1 % drifting plus 1.5 % per m/s²; quantisation adds ±1 tick in thousands.
            Assert.InRange(ratio, 0.92, 1.08);
            // On a 16 cm track, 1 % of slip difference at 1 m/s turns the heading by 0.06 rad/s.
            Assert.True(Math.Abs(yawError) < 0.1, $"heading from ticks off by {yawError:F3} rad in one second");
            worst = Math.Max(worst, Math.Abs(ratio - 1));
        }

        Assert.True(worst > 0.003, "no slip at all: the wheels report the ground travel exactly");
    }

    [Fact]
    public void WithoutSlip_TicksMeasureTheGroundTravelExactly()
    {
        var options = new SimulatorOptions { Seed = 52, Seconds = 60, WheelSlipStdDev = 0, WheelSlipPerAcceleration = 0 };
        foreach ((double ratio, double yawError) in OneSecondWindows(SimulatedRun.Of(options)))
        {
            Assert.InRange(ratio, 0.995, 1.005);
            Assert.True(Math.Abs(yawError) < 0.01);
        }
    }

    /// <summary>
    /// Per second while moving: (ΔL + ΔR)/2 / (ticks_per_meter · distance) and
    /// (ΔR − ΔL)/(ticks_per_meter · track) − Δψ, with distance and Δψ from the ground truth.
    /// Wheel sample k and truth sample k are 0.5 ms apart (same rate, own phases), close enough.
    /// </summary>
    private static IEnumerable<(double Ratio, double YawError)> OneSecondWindows(SimulatedRun run)
    {
        SimulatorOptions options = run.Simulator.Options;
        Assert.Equal(options.GroundTruthRateHz, options.WheelRateHz);
        int perSecond = (int)options.WheelRateHz;
        for (int start = 0; start + perSecond < Math.Min(run.Wheels.Length, run.Truth.Length); start += perSecond)
        {
            double distance = 0, yawChange = 0;
            for (int i = start + 1; i <= start + perSecond; i++)
            {
                distance += Math.Sqrt(Math.Pow(run.Truth[i].X - run.Truth[i - 1].X, 2) + Math.Pow(run.Truth[i].Y - run.Truth[i - 1].Y, 2));
                yawChange += Math.IEEERemainder(run.Truth[i].Yaw - run.Truth[i - 1].Yaw, 2 * Math.PI);
            }

            if (distance < 0.3)
            {
                continue;
            }

            var a = run.Wheels[start];
            var b = run.Wheels[start + perSecond];
            double travel = ((b.TicksLeft - a.TicksLeft) + (b.TicksRight - a.TicksRight)) / 2.0 / options.TicksPerMeter;
            double turn = ((b.TicksRight - a.TicksRight) - (b.TicksLeft - a.TicksLeft)) / options.TicksPerMeter / options.TrackWidthMeters;
            yield return (travel / distance, turn - yawChange);
        }
    }
}
