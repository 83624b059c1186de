using System.Device.I2c;

namespace EdgeLstm.Sensors.Devices.Smbus;

/// <summary>
/// Opens an IMU's I2C device the way its adapter can carry it: plain I2C transfers where the
/// adapter has them (the Raspberry Pi's), SMBus block transfers where it has only those (Linux's
/// i2c-stub, which the VM test emulates the IMU on, and PC SMBus controllers). System.Device.I2c
/// alone falls back to read()/write() on such an adapter, which the kernel refuses.
/// </summary>
public static class I2cDeviceOpener
{
    /// <exception cref="IOException">The bus cannot be opened.</exception>
    public static I2cDevice Open(int busId, int address)
    {
        if ((LinuxSmbus.Functionality(busId) & LinuxSmbus.FunctionalityI2c) != 0)
        {
            return I2cDevice.Create(new I2cConnectionSettings(busId, address));
        }

        return new SmbusI2cDevice(LinuxSmbus.Open(busId, address), busId);
    }
}
