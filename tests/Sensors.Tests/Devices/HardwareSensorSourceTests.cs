using System.Device.Gpio;
using System.Numerics;
using EdgeLstm.Sensors.Hardware;
using EdgeLstm.Sensors.Devices;
using EdgeLstm.Sensors.Devices.Encoders;
using EdgeLstm.Sensors.Devices.Imu;
using EdgeLstm.Sensors.Devices.Lsm6ds;
using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Frames;
using EdgeLstm.Sensors.Tests.Devices.Simulation;

namespace EdgeLstm.Sensors.Tests.Devices;

/// <summary>The whole hardware source on a simulated IMU and simulated GPIO, in real (short) time.</summary>
public sealed class HardwareSensorSourceTests : IDisposable
{
    private readonly SimulatedGpioDriver _gpioDriver = new();
    private readonly GpioController _gpio;

    public HardwareSensorSourceTests() => _gpio = new GpioController(_gpioDriver);

    public void Dispose() => _gpio.Dispose();

    private static HardwareOptions Options()
    {
        HardwareOptions options = HardwareOptionsTests.Valid();
        options.ImuRateHz = 200;
        options.EncoderRateHz = 100;
        options.InvertLeftEncoder = true;
        return options;
    }

    private HardwareSensorSource Create(HardwareOptions options, SimulatedI2cDevice chip) =>
        new(options, () => chip, _gpio, _ => { }, MonotonicClock.NowNs);

    [Fact]
    public void Streams_Body_Frame_Imu_And_Wheel_Ticks_In_Time_Order()
    {
        var chip = new SimulatedMpu6xxx
        {
            NoiseLsb = 1,
            Acceleration = new Vector3(0.5f, 0, -9.80665f), // upside down: gravity along -z
            AngularVelocity = new Vector3(0, 0, 0.3f),
        };
        HardwareOptions options = Options();
        options.Mounting = "x-forward-z-down";
        using var source = Create(options, chip);

        Assert.Equal(new HashSet<SensorEventKind> { SensorEventKind.Imu, SensorEventKind.WheelTicks }, source.Kinds);
        Assert.Equal(2000, source.Geometry.TicksPerMeter);
        Assert.Contains(source.Metadata, kv => kv.Key == "imu" && kv.Value == "MPU-6050");
        Assert.Equal(0x08, chip.PeekRegister(0x1C)); // AFS_SEL 1: ±4 g
        Assert.Equal(1, chip.PeekRegister(0x19)); // 1 kHz / (1 + 1) = 500 Hz, at least twice the 200 Hz polling

        new QuadratureSignal(_gpioDriver, 17, 27).Move(-120); // left wheel inverted: forward
        new QuadratureSignal(_gpioDriver, 22, 23).Move(80);

        List<SensorEvent> events = Collect(source, 60);

        Assert.True(source.Health.IsOk, source.Health.ToString());
        SensorEvent imu = events.First(e => e.Kind == SensorEventKind.Imu);
        Assert.Equal(0.5, imu.Ax, 0.01);
        Assert.Equal(9.80665, imu.Az, 0.01);    // z-down mount: body z up
        Assert.Equal(-0.3, imu.Gz, 0.01);       // yaw rate about the flipped axis
        SensorEvent ticks = events.Last(e => e.Kind == SensorEventKind.WheelTicks);
        Assert.Equal(120, ticks.TicksLeft);
        Assert.Equal(80, ticks.TicksRight);
        Assert.Contains(events, e => e.Kind == SensorEventKind.WheelTicks);
        for (int i = 1; i < events.Count; i++)
        {
            Assert.True(events[i].TimestampNs >= events[i - 1].TimestampNs);
        }

        int imuCount = events.Count(e => e.Kind == SensorEventKind.Imu);
        Assert.InRange(imuCount, events.Count / 2, events.Count); // IMU at twice the encoder rate
    }

    [Fact]
    public void Lsm6dsox_Works_Behind_The_Same_Source()
    {
        var chip = new SimulatedLsm6dsx(LsmChip.Lsm6dsox) { NoiseLsb = 1, AngularVelocity = new Vector3(0.2f, 0, 0) };
        HardwareOptions options = Options();
        options.ImuType = "lsm6dsox";
        options.EncoderType = "none";
        using var source = Create(options, chip);

        List<SensorEvent> events = Collect(source, 10);

        Assert.All(events, e => Assert.Equal(SensorEventKind.Imu, e.Kind));
        Assert.Equal(0.2, events[^1].Gx, 0.01);
        Assert.Equal(0x68, chip.PeekRegister(0x10)); // ODR 416 Hz (>= 2 x 200 Hz), FS_XL 0b10 = ±4 g
    }

    [Fact]
    public void Bus_Faults_Degrade_Reinitialize_And_Recover_Without_Throwing()
    {
        var chip = new SimulatedMpu6xxx { NoiseLsb = 1 };
        HardwareOptions options = Options();
        options.MaxReadRetries = 1;
        options.ReinitializeAfterFailures = 3;
        using var source = Create(options, chip);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using IEnumerator<SensorEvent> stream = source.ReadEvents(cancel.Token).GetEnumerator();

        Assert.True(stream.MoveNext());
        chip.FailNextReads(1_000_000); // the chip drops off the bus
        SkipUntil(stream, () => source.Reinitializations + source.FailedReinitializations >= 2);

        Assert.Equal(HealthState.Degraded, source.Health.State);
        Assert.StartsWith("imu:", source.Health.Reason, StringComparison.Ordinal);
        Assert.True(source.ReadErrors >= 6);
        Assert.True(source.FailedReinitializations >= 2);
        Assert.Equal(SensorEventKind.WheelTicks, stream.Current.Kind); // wheels keep flowing

        // Back on the bus after a brown-out: asleep at defaults, all-zero outputs read as stuck
        // until the source re-initialises the chip.
        chip.PowerOn();
        chip.FailNextReads(0);
        SkipUntil(stream, () => source.Reinitializations >= 1);
        SkipUntil(stream, () => source.Health.IsOk);
        SkipUntil(stream, () => stream.Current.Kind == SensorEventKind.Imu);
        Assert.False(chip.IsAsleep);
        Assert.Equal(0x08, chip.PeekRegister(0x1C)); // ±4 g restored
    }

    [Fact]
    public void Illegal_Quadrature_On_A_Wheel_Degrades_The_Source_While_Events_Flow()
    {
        long now = 1_000_000_000;
        var chip = new SimulatedMpu6xxx { NoiseLsb = 1 };
        using var source = new HardwareSensorSource(Options(), () => chip, _gpio, _ => { }, () => now);
        var right = new QuadratureSignal(_gpioDriver, 22, 23);
        right.Move(12);
        Assert.True(source.Health.IsOk, source.Health.ToString());

        right.JumpTwoStates();

        Assert.Equal(1, source.EncoderIllegalTransitions);
        Assert.Equal(HealthState.Degraded, source.Health.State);
        Assert.StartsWith("right encoder: illegal quadrature transitions", source.Health.Reason, StringComparison.Ordinal);
        now += EncoderHealthMonitor.DefaultQuietPeriod.Ticks * 100;
        Assert.True(source.Health.IsOk, source.Health.ToString());
    }

    [Fact]
    public void Stuck_Chip_Is_Reported_And_Cured()
    {
        var chip = new SimulatedMpu6xxx { NoiseLsb = 1 };
        HardwareOptions options = Options();
        options.StuckThreshold = 5;
        options.ReinitializeAfterFailures = 3;
        using var source = Create(options, chip);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using IEnumerator<SensorEvent> stream = source.ReadEvents(cancel.Token).GetEnumerator();

        Assert.True(stream.MoveNext());
        chip.Frozen = true;
        SkipUntil(stream, () => source.StuckReadings > 0);
        Assert.Contains("stuck", source.Health.Reason, StringComparison.Ordinal);
        SkipUntil(stream, () => source.Reinitializations > 0);
        Assert.False(chip.Frozen);
        SkipUntil(stream, () => source.Health.IsOk);
    }

    [Fact]
    public void Gyro_Bias_Is_Estimated_At_Start_And_Removed()
    {
        var chip = new SimulatedMpu6xxx { NoiseLsb = 1, AngularVelocity = new Vector3(0.02f, -0.01f, 0.03f) };
        HardwareOptions options = Options();
        options.EncoderType = "none";
        options.GyroBiasSamples = 20;
        using var source = Create(options, chip);

        List<SensorEvent> events = Collect(source, 30);

        Assert.NotNull(source.GyroBias);
        Assert.Equal(0.03, source.GyroBias.Value.Z, 0.002);
        Assert.Equal(0, events[^1].Gz, 0.003);
    }

    [Fact]
    public void Pulse_Encoders_Take_The_Commanded_Direction()
    {
        HardwareOptions options = Options();
        options.ImuType = "none";
        options.EncoderType = "pulse";
        options.InvertLeftEncoder = false;
        using var source = new HardwareSensorSource(options, null, _gpio);
        source.SetWheelDirections(1, -1);
        for (int i = 0; i < 7; i++)
        {
            _gpioDriver.SetPin(17, PinValue.High);
            _gpioDriver.SetPin(17, PinValue.Low);
            _gpioDriver.SetPin(22, PinValue.High);
            _gpioDriver.SetPin(22, PinValue.Low);
        }

        SensorEvent ticks = Collect(source, 2)[^1];
        Assert.Equal(7, ticks.TicksLeft);
        Assert.Equal(-7, ticks.TicksRight);
    }

    [Fact]
    public void Encoder_Glitches_Are_Counted_And_Reported_Not_Fatal()
    {
        HardwareOptions options = Options();
        options.ImuType = "none";
        using var source = new HardwareSensorSource(options, null, _gpio);
        var right = new QuadratureSignal(_gpioDriver, 22, 23);
        right.Move(3);
        right.JumpTwoStates();
        right.Move(3);

        Assert.Equal(1, source.EncoderIllegalTransitions);
        Assert.Equal(HealthState.Degraded, source.Health.State);
        Assert.Equal(6, Collect(source, 1)[0].TicksRight);
    }

    [Fact]
    public void Wrong_Chip_At_Start_Throws_From_The_Constructor_And_Releases_The_Pins()
    {
        var chip = new SimulatedMpu6xxx { WhoAmIOverride = 0x00 };
        var error = Assert.Throws<IOException>(() => Create(Options(), chip));
        Assert.Contains("0x00", error.Message, StringComparison.Ordinal);
        Assert.True(chip.IsDisposed);
        Assert.Empty(_gpioDriver.OpenPins);
    }

    [Fact]
    public void Dispose_Releases_Chip_And_Pins()
    {
        var chip = new SimulatedMpu6xxx();
        var source = Create(Options(), chip);
        Assert.Equal(4, _gpioDriver.OpenPins.Count);
        source.Dispose();
        Assert.True(chip.IsDisposed);
        Assert.Empty(_gpioDriver.OpenPins);
    }

    [Fact]
    public void Sensor_Time_Jumping_An_Hour_Ahead_And_Then_Back_Is_Flagged_And_Survived()
    {
        // The source's clock steps an hour ahead (a suspended process, a clock fault) and later two seconds back.
        long offset = 0;
        var chip = new SimulatedMpu6xxx { NoiseLsb = 1 };
        using var source = new HardwareSensorSource(Options(), () => chip, _gpio, _ => { }, () => MonotonicClock.NowNs() + Interlocked.Read(ref offset));
        var assembler = new FrameAssembler(new FrameAssemblerOptions { ExpectedKinds = source.Kinds }, source.Geometry);
        var frames = new List<Frame>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = 0;
        foreach (var e in source.ReadEvents(cancel.Token))
        {
            events++;
            if (events == 100)
            {
                Interlocked.Add(ref offset, Time.ToNanos(3600));
            }
            else if (events == 300)
            {
                Interlocked.Add(ref offset, -Time.ToNanos(2));
            }
            else if (events == 1400)
            {
                break;
            }

            assembler.Add(e);
            while (assembler.TryNextFrame(out var frame))
            {
                frames.Add(frame);
            }
        }

        // One flagged restart after the jump ahead, no hour of frames built; after the step back the
        // source holds time until its clock catches up, then frames go on.
        Assert.Equal(1, assembler.TimeJumps);
        var jump = frames.FindIndex(f => f.Quality.HasFlag(FrameQuality.TimeJump));
        Assert.InRange(jump, 1, 100);
        Assert.True(frames[jump].TimestampNs - frames[jump - 1].TimestampNs > Time.ToNanos(3500));
        Assert.InRange(frames.Count, 150, 1000);
        Assert.True(frames[^1].TimestampNs > frames[jump].TimestampNs + Time.ToNanos(2.5), "frames go on after the step back");
    }

    private static List<SensorEvent> Collect(HardwareSensorSource source, int count)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = source.ReadEvents(cancel.Token).Take(count).ToList();
        Assert.Equal(count, events.Count);
        return events;
    }

    private static void SkipUntil(IEnumerator<SensorEvent> stream, Func<bool> condition)
    {
        for (int i = 0; i < 5000 && !condition(); i++)
        {
            Assert.True(stream.MoveNext(), "the source stopped");
        }

        Assert.True(condition(), "condition not reached within 5000 events");
    }
}
