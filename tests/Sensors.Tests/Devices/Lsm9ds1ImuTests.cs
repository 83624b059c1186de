using System.Numerics;
using EdgeLstm.Sensors.Hardware;
using EdgeLstm.Sensors.Devices;
using EdgeLstm.Sensors.Devices.Imu;
using EdgeLstm.Sensors.Devices.Lsm6ds;
using EdgeLstm.Sensors.Devices.Lsm9ds1;
using EdgeLstm.Sensors.Tests.Devices.Simulation;

namespace EdgeLstm.Sensors.Tests.Devices;

public sealed class Lsm9ds1ImuTests
{
    private static Lsm9ds1Imu Create(SimulatedLsm9ds1 chip) => new(chip, shouldDispose: true, _ => { }, () => 42);

    [Fact]
    public void Rejects_Wrong_WhoAmI_Before_Writing_Anything()
    {
        using var chip = new SimulatedLsm9ds1 { WhoAmIOverride = 0x6C }; // an LSM6DSOX at the same address
        var error = Assert.Throws<IOException>(() => Create(chip));
        Assert.Contains("0x6C", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, chip.Resets);
        Assert.Equal(0x00, chip.PeekRegister(0x10));
    }

    [Fact]
    public void Identifies_Resets_And_Sets_Bdu_AutoIncrement_And_119_Hz()
    {
        using var chip = new SimulatedLsm9ds1();
        using var imu = Create(chip);
        Assert.Equal("LSM9DS1", imu.ChipName);
        Assert.Equal(1, chip.Resets);
        Assert.Equal(0x44, chip.Control8); // BDU | IF_ADD_INC, BLE clear
        Assert.Equal(0x60, chip.PeekRegister(0x10)); // ODR_G 011 = 119 Hz, FS_G ±245
        Assert.Equal(0x60, chip.PeekRegister(0x20)); // ODR_XL 011, FS_XL ±2 g
    }

    public static TheoryData<AccelerometerRange, Lsm9ds1GyroscopeRange> Ranges()
    {
        var data = new TheoryData<AccelerometerRange, Lsm9ds1GyroscopeRange>();
        foreach (AccelerometerRange accel in Enum.GetValues<AccelerometerRange>())
        {
            foreach (Lsm9ds1GyroscopeRange gyro in Enum.GetValues<Lsm9ds1GyroscopeRange>())
            {
                data.Add(accel, gyro);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Every_Range_Reads_The_Datasheet_Sensitivity_Within_One_Lsb(AccelerometerRange accelRange, Lsm9ds1GyroscopeRange gyroRange)
    {
        using var chip = new SimulatedLsm9ds1
        {
            Acceleration = new Vector3(-3.21f, 0.456f, 9.7f),
            AngularVelocity = new Vector3(-0.75f, 2.5f, 0.01f),
            TemperatureCelsius = 31.5,
        };
        using var imu = Create(chip);
        imu.AccelerometerRange = accelRange;
        imu.GyroscopeRange = gyroRange;

        Assert.True(imu.TryReadSample(out ImuReading reading));

        double accelLsb = chip.AccelerometerMilliGPerLsb * 1e-3 * ImuReading.StandardGravity;
        double gyroLsb = chip.GyroscopeMilliDpsPerLsb * 1e-3 * Math.PI / 180.0;
        Mpu6xxxTests.AssertClose(chip.Acceleration, reading.Acceleration, accelLsb);
        Mpu6xxxTests.AssertClose(chip.AngularVelocity, reading.AngularVelocity, gyroLsb);
        Assert.Equal(31.5, reading.TemperatureCelsius, 1.0 / 16);
        Assert.Equal(42, reading.TimestampNs);
    }

    [Fact]
    public void Writes_Odr_And_Full_Scale_Codes()
    {
        using var chip = new SimulatedLsm9ds1();
        using var imu = Create(chip);
        imu.DataRate = Lsm9ds1DataRate.Hz238;
        imu.AccelerometerRange = AccelerometerRange.Range16G;
        imu.GyroscopeRange = Lsm9ds1GyroscopeRange.Range2000DegreesPerSecond;
        Assert.Equal(0x98, chip.PeekRegister(0x10)); // 100 11 000
        Assert.Equal(0x88, chip.PeekRegister(0x20)); // 100 01 000
    }

    [Fact]
    public void Powered_Down_Gives_No_Sample()
    {
        using var chip = new SimulatedLsm9ds1();
        using var imu = Create(chip);
        imu.DataRate = Lsm9ds1DataRate.PowerDown;
        Assert.False(imu.TryReadSample(out _));
    }

    [Fact]
    public void Reinitialize_Restores_Settings_After_Power_Loss()
    {
        using var chip = new SimulatedLsm9ds1 { AngularVelocity = new Vector3(0, 0, 6) };
        using var imu = Create(chip);
        imu.GyroscopeRange = Lsm9ds1GyroscopeRange.Range2000DegreesPerSecond;
        chip.PowerOn();

        imu.Reinitialize();

        Assert.True(imu.TryReadSample(out ImuReading reading));
        Assert.Equal(6, reading.AngularVelocity.Z, 0.002);
        Assert.Equal(0x44, chip.Control8);
    }

    [Theory]
    [InlineData(200, Lsm9ds1DataRate.Hz238)]
    [InlineData(100, Lsm9ds1DataRate.Hz119)]
    [InlineData(10, Lsm9ds1DataRate.Hz14_9)]
    [InlineData(5000, Lsm9ds1DataRate.Hz952)]
    public void AtLeast_Picks_The_Slowest_Sufficient_Rate(double hertz, Lsm9ds1DataRate expected) =>
        Assert.Equal(expected, Lsm9ds1Imu.AtLeast(hertz));

    [Fact]
    public void Hardware_Source_Reads_The_Lsm9ds1_Under_The_Same_Supervision()
    {
        var chip = new SimulatedLsm9ds1 { NoiseLsb = 1, AngularVelocity = new Vector3(0, 0, 0.5f) };
        HardwareOptions options = HardwareOptionsTests.Valid();
        options.ImuType = "lsm9ds1";
        options.EncoderType = "none";
        options.GyroscopeRangeDegreesPerSecond = 250;
        options.ReinitializeAfterFailures = 2;
        using var source = new HardwareSensorSource(options, () => chip, null, _ => { }, MonotonicClock.NowNs);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using IEnumerator<EdgeLstm.Sensors.Events.SensorEvent> stream = source.ReadEvents(cancel.Token).GetEnumerator();

        Assert.True(stream.MoveNext());
        Assert.Equal(0.5, stream.Current.Gz, 0.01);
        Assert.Contains(source.Metadata, kv => kv.Key == "imu" && kv.Value == "LSM9DS1");
        Assert.Equal(0x80, chip.PeekRegister(0x10)); // 238 Hz (>= 2 x the 100 Hz poll), ±245 °/s

        chip.FailNextReads(1_000);
        while (source.FailedReinitializations == 0 && stream.MoveNext())
        {
        }

        Assert.Equal(HealthState.Degraded, source.Health.State);
        Assert.StartsWith("imu: LSM9DS1 read failed", source.Health.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Refuse_A_Gyro_Range_The_Chip_Lacks()
    {
        HardwareOptions options = HardwareOptionsTests.Valid();
        options.ImuType = "lsm9ds1";
        options.GyroscopeRangeDegreesPerSecond = 1000;
        Assert.Contains(options.GetErrors(), e => e.Contains("1000 is not a range of the LSM9DS1", StringComparison.Ordinal));
    }
}
