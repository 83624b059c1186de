using System.Numerics;
using EdgeLstm.Sensors.Devices.Imu;
using EdgeLstm.Sensors.Devices.Mpu6050;
using EdgeLstm.Sensors.Tests.Devices.Simulation;

namespace EdgeLstm.Sensors.Tests.Devices;

public sealed class Mpu6xxxTests
{
    private long _nowNs = 1_000_000_000;

    private Mpu6xxx Create(SimulatedMpu6xxx chip) => new(chip, shouldDispose: true, _ => { }, () => _nowNs);

    [Fact]
    public void Rejects_Wrong_WhoAmI_With_The_Value_Read()
    {
        using var chip = new SimulatedMpu6xxx { WhoAmIOverride = 0x12 };
        var error = Assert.Throws<IOException>(() => Create(chip));
        Assert.Contains("0x12", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, chip.Resets); // a foreign chip is not written to
    }

    [Theory]
    [InlineData(MpuChip.Mpu6050, "MPU-6050")]
    [InlineData(MpuChip.Mpu6500, "MPU-6500")]
    [InlineData(MpuChip.Mpu9250, "MPU-9250")]
    public void Identifies_Family_Member_Resets_And_Wakes(MpuChip kind, string name)
    {
        using var chip = new SimulatedMpu6xxx(kind);
        using var mpu = Create(chip);
        Assert.Equal(kind, mpu.Chip);
        Assert.Equal(name, mpu.ChipName);
        Assert.Equal(1, chip.Resets);
        Assert.False(chip.IsAsleep);
        Assert.Equal(0x01, chip.PeekRegister(0x6B)); // CLKSEL = PLL with X gyro
    }

    public static TheoryData<AccelerometerRange, GyroscopeRange> Ranges()
    {
        var data = new TheoryData<AccelerometerRange, GyroscopeRange>();
        foreach (AccelerometerRange accel in Enum.GetValues<AccelerometerRange>())
        {
            foreach (GyroscopeRange gyro in Enum.GetValues<GyroscopeRange>())
            {
                data.Add(accel, gyro);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Converts_To_SI_Within_One_Lsb_In_Every_Range(AccelerometerRange accelRange, GyroscopeRange gyroRange)
    {
        using var chip = new SimulatedMpu6xxx
        {
            Acceleration = new Vector3(1.234f, -5.678f, 9.9f),
            AngularVelocity = new Vector3(0.5f, -1.25f, 3.0f),
            TemperatureCelsius = 31.7,
        };
        using var mpu = Create(chip);
        mpu.AccelerometerRange = accelRange;
        mpu.GyroscopeRange = gyroRange;

        Assert.True(mpu.TryReadSample(out ImuReading reading));

        double accelLsb = ImuReading.StandardGravity / chip.AccelerometerLsbPerG;
        double gyroLsb = Math.PI / 180.0 / chip.GyroscopeLsbPerDegreePerSecond;
        AssertClose(chip.Acceleration, reading.Acceleration, accelLsb);
        AssertClose(chip.AngularVelocity, reading.AngularVelocity, gyroLsb);
        Assert.Equal(31.7, reading.TemperatureCelsius, 1.0 / 340);
        Assert.Equal(_nowNs, reading.TimestampNs);
    }

    [Fact]
    public void Reads_Temperature_With_The_Mpu6500_Formula()
    {
        using var chip = new SimulatedMpu6xxx(MpuChip.Mpu6500) { TemperatureCelsius = 40 };
        using var mpu = Create(chip);
        Assert.True(mpu.TryReadSample(out ImuReading reading));
        Assert.Equal(40, reading.TemperatureCelsius, 1.0 / 333.87);
    }

    [Fact]
    public void Reads_A_Sample_In_One_Burst_Transfer()
    {
        using var chip = new SimulatedMpu6xxx();
        using var mpu = Create(chip);
        int before = chip.ReadTransfers;
        Assert.True(mpu.TryReadSample(out _));
        Assert.Equal(before + 1, chip.ReadTransfers);
    }

    [Fact]
    public void Saturates_At_Full_Scale_Instead_Of_Wrapping()
    {
        using var chip = new SimulatedMpu6xxx { Acceleration = new Vector3(100, -100, 0) };
        using var mpu = Create(chip);
        Assert.True(mpu.TryReadSample(out ImuReading reading));
        Assert.Equal(2 * ImuReading.StandardGravity, reading.Acceleration.X, 0.01);
        Assert.Equal(-2 * ImuReading.StandardGravity, reading.Acceleration.Y, 0.01);
    }

    [Fact]
    public void Reinitialize_Restores_Configuration_After_Power_Loss()
    {
        using var chip = new SimulatedMpu6xxx { Acceleration = new Vector3(0, 0, 30) };
        using var mpu = Create(chip);
        mpu.AccelerometerRange = AccelerometerRange.Range8G;
        mpu.SampleRateDivider = 9;
        chip.PowerOn(); // brown-out: asleep, ±2 g
        Assert.True(chip.IsAsleep);

        mpu.Reinitialize();

        Assert.False(chip.IsAsleep);
        Assert.Equal(2 << 3, chip.PeekRegister(0x1C));
        Assert.Equal(9, chip.PeekRegister(0x19));
        Assert.True(mpu.TryReadSample(out ImuReading reading));
        Assert.Equal(30, reading.Acceleration.Z, 0.01);
    }

    [Theory]
    [InlineData(DigitalLowPassFilter.Bandwidth44Hz, 9, 100.0)]
    [InlineData(DigitalLowPassFilter.Bandwidth260Hz, 7, 1000.0)]
    [InlineData(DigitalLowPassFilter.Bandwidth184Hz, 0, 1000.0)]
    public void Sample_Rate_Follows_Filter_And_Divider(DigitalLowPassFilter filter, byte divider, double expectedHz)
    {
        using var chip = new SimulatedMpu6xxx();
        using var mpu = Create(chip);
        mpu.DigitalLowPassFilter = filter;
        mpu.SampleRateDivider = divider;
        Assert.Equal(expectedHz, mpu.SampleRateHz, 1e-9);
        Assert.Equal(expectedHz, chip.SampleRateHz, 1e-9);
    }

    [Fact]
    public void Fifo_Returns_Whole_Frames_With_Timestamps_On_The_Sample_Grid()
    {
        using var chip = new SimulatedMpu6xxx { Acceleration = new Vector3(1, 2, 9), AngularVelocity = new Vector3(0.1f, 0.2f, -0.3f) };
        using var mpu = Create(chip);
        mpu.DigitalLowPassFilter = DigitalLowPassFilter.Bandwidth44Hz;
        mpu.SampleRateDivider = 9; // 100 Hz
        mpu.EnableFifo();

        chip.AdvanceTime(TimeSpan.FromMilliseconds(100));
        _nowNs += 100_000_000;
        Assert.Equal(10 * Mpu6xxx.FifoFrameBytes, chip.FifoCount);

        Span<ImuReading> buffer = new ImuReading[32];
        int count = mpu.ReadFifo(buffer);

        Assert.Equal(10, count);
        Assert.Equal(0, chip.FifoCount);
        for (int i = 0; i < count; i++)
        {
            AssertClose(chip.Acceleration, buffer[i].Acceleration, 0.01);
            AssertClose(chip.AngularVelocity, buffer[i].AngularVelocity, 0.001);
        }

        Assert.Equal(_nowNs, buffer[9].TimestampNs);
        for (int i = 1; i < count; i++)
        {
            Assert.Equal(10_000_000, buffer[i].TimestampNs - buffer[i - 1].TimestampNs);
        }

        // The next batch continues the grid.
        chip.AdvanceTime(TimeSpan.FromMilliseconds(50));
        _nowNs += 50_000_000;
        Assert.Equal(5, mpu.ReadFifo(buffer));
        Assert.Equal(_nowNs, buffer[4].TimestampNs);
    }

    [Fact]
    public void Fifo_Reads_No_More_Than_The_Destination_Holds()
    {
        using var chip = new SimulatedMpu6xxx();
        using var mpu = Create(chip);
        mpu.DigitalLowPassFilter = DigitalLowPassFilter.Bandwidth44Hz;
        mpu.EnableFifo(); // 1 kHz
        chip.AdvanceTime(TimeSpan.FromMilliseconds(40));

        Span<ImuReading> small = new ImuReading[25];
        Assert.Equal(25, mpu.ReadFifo(small));
        Assert.Equal(15 * Mpu6xxx.FifoFrameBytes, chip.FifoCount);
        Assert.Equal(15, mpu.ReadFifo(small));
    }

    [Fact]
    public void Fifo_Overflow_Is_Counted_And_The_Fifo_Reset()
    {
        using var chip = new SimulatedMpu6xxx();
        using var mpu = Create(chip);
        mpu.DigitalLowPassFilter = DigitalLowPassFilter.Bandwidth44Hz;
        mpu.SampleRateDivider = 9;
        mpu.EnableFifo();

        chip.AdvanceTime(TimeSpan.FromSeconds(2)); // 200 frames = 2400 bytes > 1024
        Assert.True(chip.FifoOverflowFlag);

        Span<ImuReading> buffer = new ImuReading[128];
        Assert.Equal(0, mpu.ReadFifo(buffer));
        Assert.Equal(1, mpu.FifoOverflows);
        Assert.Equal(0, chip.FifoCount);

        chip.AdvanceTime(TimeSpan.FromMilliseconds(30));
        Assert.Equal(3, mpu.ReadFifo(buffer));
        Assert.Equal(1, mpu.FifoOverflows);
    }

    [Fact]
    public void Dispose_Disposes_The_Device_Only_When_Asked()
    {
        using var owned = new SimulatedMpu6xxx();
        Create(owned).Dispose();
        Assert.True(owned.IsDisposed);

        using var borrowed = new SimulatedMpu6xxx();
        new Mpu6xxx(borrowed, shouldDispose: false, _ => { }, () => 0).Dispose();
        Assert.False(borrowed.IsDisposed);
    }

    internal static void AssertClose(Vector3 expected, Vector3 actual, double tolerance)
    {
        Assert.Equal(expected.X, actual.X, tolerance * 1.0001);
        Assert.Equal(expected.Y, actual.Y, tolerance * 1.0001);
        Assert.Equal(expected.Z, actual.Z, tolerance * 1.0001);
    }
}
