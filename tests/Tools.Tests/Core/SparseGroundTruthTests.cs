using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Tools.Data;

namespace EdgeLstm.Tools.Tests.Core;

/// <summary>
/// Ground truth from a localisation that publishes a pose every half second (SLAM often does) still
/// gives targets, close to those of the same run's dense ground truth, while a real gap in a dense
/// stream still gets none across it.
/// </summary>
public sealed class SparseGroundTruthTests
{
    private const int Steps = 20;

    [Fact]
    public void Ground_Truth_Every_Half_Second_Gives_Targets_Close_To_The_Dense_Ones()
    {
        var dense = Load(keep: (_, _) => true);
        var sparse = Load(keep: (i, _) => i % 25 == 0); // the simulator's 50 Hz ground truth at 2 Hz

        Assert.Equal(dense.Length, sparse.Length);
        var known = 0;
        var compared = 0;
        double sumError = 0, worstError = 0;
        for (var f = 0; f < dense.Length; f++)
        {
            if (sparse.KnownSteps[f] == Steps)
            {
                known++;
            }

            var steps = Math.Min(dense.KnownSteps[f], sparse.KnownSteps[f]);
            for (var k = 0; k < steps; k++)
            {
                var error = Math.Sqrt(Square(dense.Target(f)[3 * k] - sparse.Target(f)[3 * k]) + Square(dense.Target(f)[(3 * k) + 1] - sparse.Target(f)[(3 * k) + 1]));
                sumError += error;
                worstError = Math.Max(worstError, error);
                compared++;
            }
        }

        // All but the last 2 s have a whole future; the chords between fixes half a second apart
        // stay within centimetres of the path of a 1 m/s robot.
        Assert.True(known > 0.9 * (dense.Length - (2 * 50)), $"{known} of {dense.Length} frames have a whole future path");
        Assert.True(sumError / compared < 0.01, $"mean position difference {sumError / compared:F4} m");
        Assert.True(worstError < 0.12, $"largest position difference {worstError:F4} m");
    }

    [Fact]
    public void A_Three_Second_Hole_In_Dense_Ground_Truth_Is_Still_A_Gap()
    {
        var holed = Load(keep: (_, t) => t is < 30_000_000_000L or > 33_000_000_000L);
        var frame = holed.Frames.Select((f, i) => (f, i)).First(p => p.f.TimestampNs >= 31_000_000_000L).i;

        Assert.Equal(0, holed.KnownSteps[frame]); // no truth to start from inside the hole
        var before = holed.Frames.Select((f, i) => (f, i)).First(p => p.f.TimestampNs >= 29_000_000_000L).i;
        Assert.InRange(holed.KnownSteps[before], 9, 10); // its future ends where the hole begins
    }

    [Fact]
    public void The_Automatic_Gap_Is_The_Fixed_Bound_Or_Three_Median_Intervals_Within_The_Horizon()
    {
        static long Ns(double s) => (long)(s * 1e9);
        Assert.Equal(RecordingLoader.MaxGroundTruthGapSeconds, RecordingLoader.AutomaticGapSeconds([.. Enumerable.Range(0, 100).Select(i => Ns(i * 0.02))], 2.0), 9);
        Assert.Equal(1.5, RecordingLoader.AutomaticGapSeconds([Ns(0), Ns(0.5), Ns(1.0), Ns(1.5), Ns(9.0)], 2.0), 9);
        Assert.Equal(2.0, RecordingLoader.AutomaticGapSeconds([Ns(0), Ns(1), Ns(2), Ns(3)], 2.0), 9);
        Assert.Equal(RecordingLoader.MaxGroundTruthGapSeconds, RecordingLoader.AutomaticGapSeconds([Ns(0)], 2.0), 9);
    }

    private static Recording Load(Func<int, long, bool> keep) =>
        RecordingLoader.FromSource("sim-41", new GroundTruthFilter(new RobotSimulator(new SimulatorOptions { Seed = 41, Seconds = 60 }), keep), 50, Steps, 0.1);

    private static double Square(double x) => x * x;

    /// <summary>The simulator with only the ground-truth samples <c>keep(index, time)</c> accepts.</summary>
    private sealed class GroundTruthFilter(ISensorSource inner, Func<int, long, bool> keep) : ISensorSource
    {
        public IReadOnlyList<KeyValuePair<string, string>> Metadata => inner.Metadata;

        public RobotGeometry Geometry => inner.Geometry;

        public IReadOnlySet<SensorEventKind> Kinds => inner.Kinds;

        public IEnumerable<SensorEvent> ReadEvents(CancellationToken cancellationToken = default)
        {
            var index = 0;
            foreach (var e in inner.ReadEvents(cancellationToken))
            {
                if (e.Kind != SensorEventKind.GroundTruth || keep(index++, e.TimestampNs))
                {
                    yield return e;
                }
            }
        }
    }
}
