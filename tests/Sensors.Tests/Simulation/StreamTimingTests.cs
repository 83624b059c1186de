using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Simulation;

namespace EdgeLstm.Sensors.Tests.Simulation;

public sealed class StreamTimingTests
{
    [Theory]
    [InlineData(Kinematics.Differential)]
    [InlineData(Kinematics.Bicycle)]
    public void Events_StartAtZero_TimeNeverDecreases_AndEndAtSeconds(Kinematics kinematics)
    {
        var run = SimulatedRun.Of(9, kinematics, seconds: 20);

        Assert.Equal(0, run.Events[0].TimestampNs);
        for (int i = 1; i < run.Events.Count; i++)
        {
            Assert.True(run.Events[i].TimestampNs >= run.Events[i - 1].TimestampNs, $"time goes back at event {i}");
        }

        Assert.True(run.Events[^1].TimestampNs <= Time.ToNanos(20));
        Assert.True(run.Events[^1].TimestampNs > Time.ToNanos(19.98));
    }

    [Fact]
    public void EachStream_SamplesExactlyOnItsOwnGrid_WithAFixedPhase()
    {
        var options = new SimulatorOptions { Seed = 4, Seconds = 30, ImuRateHz = 200, WheelRateHz = 30, GroundTruthRateHz = 40 };
        var run = SimulatedRun.Of(options);

        AssertOnGrid(run.Imu, 200);
        AssertOnGrid(run.Wheels, 30);
        AssertOnGrid(run.Truth, 40);

        // The streams are offset from one another, as separate hardware clocks would be.
        Assert.NotEqual(run.Imu[0].TimestampNs, run.Wheels[0].TimestampNs);
        Assert.NotEqual(run.Imu[0].TimestampNs, run.Truth[0].TimestampNs);
    }

    [Fact]
    public void Kinds_AndMetadata_DescribeTheConfiguredRobot()
    {
        var differential = new RobotSimulator(new SimulatorOptions { Seed = 8, TicksPerMeter = 2048, TrackWidthMeters = 0.2 });
        var bicycle = new RobotSimulator(new SimulatorOptions { Seed = 8, Kinematics = Kinematics.Bicycle });

        Assert.Equal([SensorEventKind.Imu, SensorEventKind.WheelTicks, SensorEventKind.GroundTruth], differential.Kinds.Order());
        Assert.Equal([SensorEventKind.Imu, SensorEventKind.Odometry, SensorEventKind.GroundTruth], bicycle.Kinds.Order());
        Assert.Equal(new RobotGeometry(2048, 0.2), differential.Geometry);

        var meta = differential.Metadata.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("8", meta["seed"]);
        Assert.Equal("differential", meta["kinematics"]);
        Assert.Equal("2048", meta["ticks_per_meter"]);
        Assert.Equal("0.2", meta["track_width_m"]);
        Assert.Equal("0.33", meta["wheelbase_m"]);
        Assert.Contains("simulator", meta["source"], StringComparison.Ordinal);
        Assert.Equal("bicycle", bicycle.Metadata.Single(p => p.Key == "kinematics").Value);
    }

    [Fact]
    public void EndlessRun_StreamsLazily_WithoutAllocatingPerEvent()
    {
        var simulator = new RobotSimulator(new SimulatorOptions { Seed = 2 });
        using IEnumerator<SensorEvent> events = simulator.ReadEvents().GetEnumerator();

        // Warm up (JIT, first allocations), then count what a further 10 simulated minutes allocate.
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(events.MoveNext());
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        long last = 0;
        for (int i = 0; i < 200 * 600; i++)
        {
            Assert.True(events.MoveNext());
            last = events.Current.TimestampNs;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(last > Time.ToNanos(590), $"only reached {Time.ToSeconds(last)} s");
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes for 120000 events");
    }

    [Fact]
    public void Cancellation_StopsAnEndlessRun()
    {
        using var cancellation = new CancellationTokenSource();
        var simulator = new RobotSimulator(new SimulatorOptions { Seed = 2 });
        int count = 0;

        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (SensorEvent e in simulator.ReadEvents(cancellation.Token))
            {
                if (++count == 500)
                {
                    cancellation.Cancel();
                }
            }
        });
        Assert.Equal(500, count);
    }

    private static void AssertOnGrid(SensorEvent[] samples, double rateHz)
    {
        long phase = samples[0].TimestampNs;
        Assert.InRange(phase, 0, Time.ToNanos(0.001)); // small phase, well under one period
        for (int k = 0; k < samples.Length; k++)
        {
            long expected = phase + (long)Math.Round(k * 1e9 / rateHz);
            Assert.Equal(expected, samples[k].TimestampNs);
        }

        Assert.InRange(samples.Length, (int)(30 * rateHz), (int)(30 * rateHz) + 1);
    }
}
