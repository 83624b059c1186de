using System.Numerics;
using EdgeLstm.Sensors.Devices.Imu;
using EdgeLstm.Sensors.Devices.Mpu6050;
using EdgeLstm.Sensors.Devices.Smbus;
using EdgeLstm.Sensors.Tests.Devices.Simulation;

namespace EdgeLstm.Sensors.Tests.Devices;

/// <summary>The unchanged MPU binding over SMBus transfers, against the simulated register map.</summary>
public sealed class SmbusI2cDeviceTests
{
    [Fact]
    public void Mpu6050_Initialises_And_Reads_Over_Smbus_Block_Transfers()
    {
        var chip = new SimulatedMpu6xxx { Acceleration = new Vector3(0, 0.15f, 9.80665f), AngularVelocity = new Vector3(0, 0, 0.5f) };
        var smbus = new SimulatedSmbus(chip);
        using var mpu = new Mpu6xxx(new SmbusI2cDevice(smbus, busId: 0), shouldDispose: true, _ => { }, () => 7);
        mpu.GyroscopeRange = GyroscopeRange.Range500DegreesPerSecond;
        int readsBefore = smbus.BlockReads;

        Assert.True(mpu.TryReadSample(out ImuReading reading));

        Assert.Equal("MPU-6050", mpu.ChipName);
        Assert.Equal(readsBefore + 1, smbus.BlockReads); // the 14-byte burst is one I2C block read
        Assert.True(smbus.ByteDataWrites >= 5); // reset, wake, ranges: one register each
        Assert.Equal(0.15, reading.Acceleration.Y, 0.01);
        Assert.Equal(0.5, reading.AngularVelocity.Z, 0.001);
        Assert.Equal(0x08, chip.PeekRegister(0x1B)); // FS_SEL 1
    }

    [Fact]
    public void Transfers_Beyond_The_Smbus_Block_Limit_Are_Refused_Not_Split()
    {
        using var device = new SmbusI2cDevice(new SimulatedSmbus(new SimulatedMpu6xxx()), busId: 0);
        byte[] buffer = new byte[33];
        Assert.Throws<NotSupportedException>(() => device.WriteRead([0x74], buffer));
        Assert.Throws<NotSupportedException>(() => device.Write(new byte[34]));
        Assert.Throws<NotSupportedException>(() => device.WriteRead([0x00, 0x3B], new byte[2]));
    }

    [Fact]
    public void Block_Write_Stores_Consecutive_Registers()
    {
        var chip = new SimulatedMpu6xxx();
        using var device = new SmbusI2cDevice(new SimulatedSmbus(chip), busId: 3);
        device.Write([0x13, 0x01, 0x02, 0x03]);
        Assert.Equal(0x01, chip.PeekRegister(0x13));
        Assert.Equal(0x03, chip.PeekRegister(0x15));
        Assert.Equal(3, device.ConnectionSettings.BusId);
        Assert.Equal(0x68, device.ConnectionSettings.DeviceAddress);
    }
}
