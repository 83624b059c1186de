using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Sensors.Tests.Frames;

public sealed class FrameAssemblerTests
{
    private static readonly HashSet<SensorEventKind> ImuAndOdometry = [SensorEventKind.Imu, SensorEventKind.Odometry];

    private static List<Frame> Assemble(IEnumerable<SensorEvent> events, double rate = 50, IReadOnlySet<SensorEventKind>? kinds = null, RobotGeometry? geometry = null) =>
        [.. FrameAssembler.Assemble(events, new FrameAssemblerOptions { RateHz = rate, ExpectedKinds = kinds ?? ImuAndOdometry }, geometry ?? RobotGeometry.Unknown)];

    private static long Ms(double ms) => Time.ToNanos(ms / 1000);

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-3.0)]
    [InlineData(Math.PI)]
    [InlineData(-Math.PI)]
    [InlineData(3 * Math.PI)]
    [InlineData(4.0)]
    [InlineData(-4.0)]
    [InlineData(1e6)]
    [InlineData(-12.5)]
    public void WrapAngle_Gives_The_Same_Angle_In_Minus_Pi_To_Pi(double angle)
    {
        var wrapped = FrameAssembler.WrapAngle(angle);

        Assert.InRange(wrapped, -Math.PI + 1e-12, Math.PI);
        Assert.Equal(0, Math.IEEERemainder(wrapped - angle, 2 * Math.PI), 1e-9);
        if (angle > -Math.PI && angle <= Math.PI)
        {
            Assert.Equal(angle, wrapped);
        }
    }

    [Fact]
    public void Frames_Come_At_The_Fixed_Rate_From_The_First_Event()
    {
        var events = Enumerable.Range(0, 100).Select(i => SensorEvent.Odometry(Ms(1000 + (i * 7.3)), 1, 0));
        var frames = Assemble(events);
        Assert.True(frames.Count >= 35);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(i, frames[i].Index);
            Assert.Equal(Ms(1000) + (i * Ms(20)), frames[i].TimestampNs);
        }
    }

    [Fact]
    public void Values_Are_Held_From_The_Last_Sample_At_Or_Before_The_Frame_And_Never_From_The_Future()
    {
        var events = new[]
        {
            SensorEvent.Odometry(Ms(0), 1.0, 0.1),
            SensorEvent.Odometry(Ms(20), 2.0, 0.2),   // exactly at frame 1: belongs to frame 1
            SensorEvent.Odometry(Ms(45), 3.0, 0.3),   // after frame 2 (40 ms): only from frame 3 on
            SensorEvent.Odometry(Ms(70), 4.0, 0.4),
        };
        var frames = Assemble(events);
        Assert.Equal([1.0, 2.0, 2.0, 3.0], frames.Take(4).Select(f => f.V));
        Assert.Equal(0.2, frames[1].W);
    }

    [Fact]
    public void A_Stream_That_Stops_Is_Flagged_As_A_Gap_And_Its_Value_Is_Not_Invented()
    {
        var events = new List<SensorEvent>();
        for (var ms = 0; ms <= 1000; ms += 10)
        {
            events.Add(SensorEvent.Odometry(Ms(ms), 1, 0));
            if (ms < 300 || ms > 700)
            {
                events.Add(SensorEvent.Imu(Ms(ms), 0, 0, 9.8, 0, 0, ms / 1000.0));
            }
        }

        var frames = Assemble(events);
        var at = (double seconds) => frames.Single(f => f.TimestampNs == Time.ToNanos(seconds));
        Assert.Equal(FrameQuality.None, at(0.2).Quality);
        Assert.Equal(FrameQuality.ImuGap, at(0.6).Quality);
        Assert.Equal(0.29, at(0.6).Gz, 6); // the last sample held, flagged
        Assert.Equal(FrameQuality.None, at(0.9).Quality);
    }

    [Fact]
    public void An_Expected_Stream_That_Never_Arrives_Is_A_Gap()
    {
        var frames = Assemble(Enumerable.Range(0, 20).Select(i => SensorEvent.Odometry(Ms(i * 10), 1, 0)));
        Assert.All(frames, f => Assert.True(f.Quality.HasFlag(FrameQuality.ImuGap)));
        Assert.All(frames, f => Assert.False(f.Quality.HasFlag(FrameQuality.OdometryGap)));
    }

    [Fact]
    public void Dead_Reckoning_Follows_A_Circle_From_Gyro_And_Speed()
    {
        // v = 1 m/s, r = 0.5 rad/s: a circle of radius 2 m; after π s the robot is at (0, 4) facing back.
        var events = new List<SensorEvent>();
        for (var ms = 0; ms <= 4000; ms += 5)
        {
            events.Add(SensorEvent.Imu(Ms(ms), 0, 0.5, 9.8, 0, 0, 0.5));
            events.Add(SensorEvent.Odometry(Ms(ms), 1, 0.0)); // odometry w wrong on purpose: the gyro is used
        }

        var frames = Assemble(events, rate: 100);
        var half = frames.MinBy(f => Math.Abs(f.TimeSeconds - Math.PI));
        var t = half.TimeSeconds;
        Assert.Equal(2 * Math.Sin(0.5 * t), half.OdomX, 2);
        Assert.Equal(2 * (1 - Math.Cos(0.5 * t)), half.OdomY, 2);
        Assert.Equal(FrameAssembler.WrapAngle(0.5 * t), half.OdomYaw, 3);
    }

    [Fact]
    public void Wheel_Ticks_Become_Speed_And_Yaw_Rate_With_The_Geometry()
    {
        // 1000 ticks/m, track 0.2 m; left 0.9 m/s, right 1.1 m/s => v = 1.0, w = 1.0 rad/s
        var geometry = new RobotGeometry(1000, 0.2);
        var events = Enumerable.Range(0, 50).Select(i => SensorEvent.WheelTicks(Ms(i * 20), 18 * i, 22 * i));
        var frames = Assemble(events, kinds: new HashSet<SensorEventKind> { SensorEventKind.WheelTicks }, geometry: geometry);
        var late = frames[^1];
        Assert.Equal(1.0, late.V, 6);
        Assert.Equal(1.0, late.W, 6);
        Assert.False(late.Quality.HasFlag(FrameQuality.OdometryGap));
    }

    [Fact]
    public void Wheel_Ticks_Without_Geometry_Are_Refused_At_Construction()
    {
        var options = new FrameAssemblerOptions { ExpectedKinds = new HashSet<SensorEventKind> { SensorEventKind.WheelTicks } };
        var e = Assert.Throws<ArgumentException>(() => new FrameAssembler(options, RobotGeometry.Unknown));
        Assert.Contains("ticks_per_meter", e.Message);
    }

    [Fact]
    public void Ground_Truth_Is_Carried_With_Its_Own_Gap_Flag()
    {
        var kinds = new HashSet<SensorEventKind> { SensorEventKind.Odometry, SensorEventKind.GroundTruth };
        var events = new List<SensorEvent>();
        for (var ms = 0; ms <= 500; ms += 10)
        {
            events.Add(SensorEvent.Odometry(Ms(ms), 1, 0));
            if (ms <= 100)
            {
                events.Add(SensorEvent.GroundTruth(Ms(ms), ms / 1000.0, 2, 0.3));
            }
        }

        var frames = Assemble(events, kinds: kinds);
        Assert.True(frames[2].HasGroundTruth);
        Assert.Equal(0.04, frames[2].GtX, 6);
        Assert.True(frames[^1].Quality.HasFlag(FrameQuality.GroundTruthGap));
    }

    [Fact]
    public void Streaming_Assembly_Allocates_Nothing_Per_Event()
    {
        var assembler = new FrameAssembler(new FrameAssemblerOptions { ExpectedKinds = ImuAndOdometry }, RobotGeometry.Unknown);
        var count = 0;
        void Feed(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                assembler.Add(i % 2 == 0 ? SensorEvent.Imu(Ms(i * 5), 0, 0, 9.8, 0, 0, 0.1) : SensorEvent.Odometry(Ms(i * 5), 1, 0.1));
                while (assembler.TryNextFrame(out _))
                {
                    count++;
                }
            }
        }

        Feed(0, 100);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Feed(100, 20_100);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(count > 1000);
    }

    [Fact]
    public void A_Source_Without_An_Imu_Marks_Its_Frames_No_Imu_Not_A_Gap_Until_An_Imu_Sample_Arrives()
    {
        var odometryOnly = new HashSet<SensorEventKind> { SensorEventKind.Odometry };
        var events = Enumerable.Range(0, 50).Select(i => SensorEvent.Odometry(Ms(i * 10), 1, 0.2));

        var frames = Assemble(events, kinds: odometryOnly);

        Assert.NotEmpty(frames);
        Assert.All(frames, f => Assert.Equal(FrameQuality.NoImu, f.Quality));

        // A source that expects an IMU and has not heard from it has a gap, not "no IMU".
        var missing = Assemble(events, kinds: ImuAndOdometry);
        Assert.All(missing, f => Assert.Equal(FrameQuality.ImuGap, f.Quality & (FrameQuality.ImuGap | FrameQuality.NoImu)));

        // An IMU sample from a source that did not announce one: its readings are real from then on.
        var late = events.Append(SensorEvent.Imu(Ms(500), 0, 0, 9.81, 0, 0, 0.2))
            .Concat(Enumerable.Range(51, 20).Select(i => SensorEvent.Odometry(Ms(i * 10), 1, 0.2)));
        var withImu = Assemble(late, kinds: odometryOnly);
        Assert.Contains(withImu, f => f.Quality == FrameQuality.None);
        Assert.False(withImu[^1].Quality.HasFlag(FrameQuality.NoImu));
    }

    [Fact]
    public void A_Timestamp_460_Days_Ahead_Restarts_The_Frames_Instead_Of_Building_Billions()
    {
        var jump = Time.ToNanos(460 * 86400.0);
        var events = Enumerable.Range(0, 50).Select(i => SensorEvent.Odometry(Ms(i * 10), 1, 0))
            .Concat(Enumerable.Range(0, 50).Select(i => SensorEvent.Odometry(jump + Ms(i * 10), 1, 0)));

        var frames = Assemble(events, kinds: new HashSet<SensorEventKind> { SensorEventKind.Odometry });

        Assert.InRange(frames.Count, 40, 60);
        var first = frames.FindIndex(f => f.TimestampNs >= jump);
        Assert.Equal(jump, frames[first].TimestampNs);
        Assert.Equal(FrameQuality.TimeJump | FrameQuality.NoImu, frames[first].Quality); // an odometry-only source
        Assert.Single(frames, f => f.Quality.HasFlag(FrameQuality.TimeJump));
        Assert.Equal(Enumerable.Range(0, frames.Count).Select(i => (long)i), frames.Select(f => f.Index));
        Assert.Equal(0.49, frames[first].OdomX, 9); // 1 m/s until the last event before the jump, nothing across it
    }

    [Fact]
    public void Sensor_Time_Jumping_Back_Restarts_The_Frames_Flagged_With_Every_Stream_Forgotten()
    {
        var assembler = new FrameAssembler(new FrameAssemblerOptions { ExpectedKinds = ImuAndOdometry }, RobotGeometry.Unknown);
        var frames = new List<Frame>();
        void Feed(SensorEvent e)
        {
            assembler.Add(e);
            while (assembler.TryNextFrame(out var frame))
            {
                frames.Add(frame);
            }
        }

        for (var ms = 0; ms <= 20_000; ms += 10)
        {
            Feed(SensorEvent.Imu(Ms(ms), 0, 0, 9.8, 0, 0, 0));
            Feed(SensorEvent.Odometry(Ms(ms), 1, 0));
        }

        // The clock steps back 15 s: odometry first, so the first frame after has no IMU yet.
        for (var ms = 5_000; ms <= 6_000; ms += 10)
        {
            Feed(SensorEvent.Odometry(Ms(ms), 1, 0));
            Feed(SensorEvent.Imu(Ms(ms) + 1, 0, 0, 9.8, 0, 0, 0));
        }

        var after = frames.FindIndex(f => f.Quality.HasFlag(FrameQuality.TimeJump));
        Assert.Equal(1, assembler.TimeJumps);
        Assert.Equal(Ms(5_000), frames[after].TimestampNs);
        Assert.Equal(FrameQuality.TimeJump | FrameQuality.ImuGap, frames[after].Quality);
        Assert.Equal(FrameQuality.None, frames[after + 1].Quality);
        Assert.InRange(frames.Count - after, 49, 51);
    }

    [Fact]
    public void A_Silence_Shorter_Than_The_Jump_Threshold_Is_Filled_With_Gap_Flagged_Frames()
    {
        var kinds = new HashSet<SensorEventKind> { SensorEventKind.Odometry };
        var events = new[] { SensorEvent.Odometry(0, 1, 0), SensorEvent.Odometry(Ms(4_000), 1, 0), SensorEvent.Odometry(Ms(4_010), 1, 0) };

        var frames = Assemble(events, kinds: kinds);

        Assert.Equal(201, frames.Count);
        Assert.DoesNotContain(frames, f => f.Quality.HasFlag(FrameQuality.TimeJump));
        Assert.True(frames[100].Quality.HasFlag(FrameQuality.OdometryGap));
    }
}
