using System.Numerics;
using EdgeLstm.Sensors.Devices.Imu;
using EdgeLstm.Sensors.Devices.Lsm6ds;
using EdgeLstm.Sensors.Tests.Devices.Simulation;

namespace EdgeLstm.Sensors.Tests.Devices;

public sealed class Lsm6dsxTests
{
    private static Lsm6dsx Create(SimulatedLsm6dsx chip) => new(chip, shouldDispose: true, _ => { }, () => 42);

    [Fact]
    public void Rejects_Wrong_WhoAmI_With_The_Value_Read()
    {
        using var chip = new SimulatedLsm6dsx { WhoAmIOverride = 0x68 };
        var error = Assert.Throws<IOException>(() => Create(chip));
        Assert.Contains("0x68", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LsmChip.Lsm6ds3, "LSM6DS3")]
    [InlineData(LsmChip.Lsm6ds3trc, "LSM6DS3TR-C")]
    [InlineData(LsmChip.Lsm6dsox, "LSM6DSOX")]
    public void Identifies_Chip_Resets_And_Enables_Bdu_And_AutoIncrement(LsmChip kind, string name)
    {
        using var chip = new SimulatedLsm6dsx(kind);
        using var lsm = Create(chip);
        Assert.Equal(name, lsm.ChipName);
        Assert.Equal(1, chip.Resets);
        Assert.Equal(0x44, chip.Control3); // BDU | IF_INC, BLE clear
        Assert.Equal(0x40, chip.PeekRegister(0x10)); // 104 Hz, ±2 g
        Assert.Equal(0x40, chip.PeekRegister(0x11)); // 104 Hz, ±250 °/s
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
    public void Converts_Little_Endian_Output_To_SI_Within_One_Lsb(AccelerometerRange accelRange, GyroscopeRange gyroRange)
    {
        using var chip = new SimulatedLsm6dsx
        {
            Acceleration = new Vector3(-3.21f, 0.456f, 9.7f),
            AngularVelocity = new Vector3(-0.75f, 2.5f, 0.01f),
            TemperatureCelsius = 37.25,
        };
        using var lsm = Create(chip);
        lsm.AccelerometerRange = accelRange;
        lsm.GyroscopeRange = gyroRange;
        int before = chip.ReadTransfers;

        Assert.True(lsm.TryReadSample(out ImuReading reading));

        Assert.Equal(before + 1, chip.ReadTransfers);
        double accelLsb = chip.AccelerometerMilliGPerLsb * 1e-3 * ImuReading.StandardGravity;
        double gyroLsb = chip.GyroscopeMilliDpsPerLsb * 1e-3 * Math.PI / 180.0;
        Mpu6xxxTests.AssertClose(chip.Acceleration, reading.Acceleration, accelLsb);
        Mpu6xxxTests.AssertClose(chip.AngularVelocity, reading.AngularVelocity, gyroLsb);
        Assert.Equal(37.25, reading.TemperatureCelsius, 1.0 / 256);
        Assert.Equal(42, reading.TimestampNs);
    }

    [Fact]
    public void Lsm6ds3_Temperature_Uses_16_Lsb_Per_Degree()
    {
        using var chip = new SimulatedLsm6dsx(LsmChip.Lsm6ds3) { TemperatureCelsius = 18.5 };
        using var lsm = Create(chip);
        Assert.True(lsm.TryReadSample(out ImuReading reading));
        Assert.Equal(18.5, reading.TemperatureCelsius, 1.0 / 16);
    }

    [Fact]
    public void Writes_Odr_And_Full_Scale_Codes()
    {
        using var chip = new SimulatedLsm6dsx();
        using var lsm = Create(chip);
        lsm.AccelerometerDataRate = OutputDataRate.Hz416;
        lsm.AccelerometerRange = AccelerometerRange.Range16G;
        lsm.GyroscopeDataRate = OutputDataRate.Hz833;
        lsm.GyroscopeRange = GyroscopeRange.Range2000DegreesPerSecond;
        Assert.Equal(0x64, chip.PeekRegister(0x10));
        Assert.Equal(0x7C, chip.PeekRegister(0x11));
    }

    [Fact]
    public void Powered_Down_Sensors_Give_No_Sample()
    {
        using var chip = new SimulatedLsm6dsx();
        using var lsm = Create(chip);
        lsm.AccelerometerDataRate = OutputDataRate.PowerDown;
        lsm.GyroscopeDataRate = OutputDataRate.PowerDown;
        Assert.False(lsm.TryReadSample(out _));
    }

    [Fact]
    public void Reinitialize_Restores_Settings_After_Power_Loss()
    {
        using var chip = new SimulatedLsm6dsx { AngularVelocity = new Vector3(0, 0, 6) };
        using var lsm = Create(chip);
        lsm.GyroscopeRange = GyroscopeRange.Range1000DegreesPerSecond;
        chip.PowerOn();

        lsm.Reinitialize();

        Assert.True(lsm.TryReadSample(out ImuReading reading));
        Assert.Equal(6, reading.AngularVelocity.Z, 0.001);
        Assert.Equal(0x44, chip.Control3);
    }

    [Theory]
    [InlineData(100, OutputDataRate.Hz104)]
    [InlineData(200, OutputDataRate.Hz208)]
    [InlineData(10, OutputDataRate.Hz12_5)]
    [InlineData(9000, OutputDataRate.Hz6660)]
    public void AtLeast_Picks_The_Slowest_Sufficient_Rate(double hertz, OutputDataRate expected) =>
        Assert.Equal(expected, Lsm6dsx.AtLeast(hertz));
}
