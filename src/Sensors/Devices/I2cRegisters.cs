using System.Device.I2c;

namespace EdgeLstm.Sensors.Devices;

/// <summary>
/// Byte-addressed registers of an I2C sensor chip (MPU-6050 family, LSM6DS, LSM9DS1): a register is
/// read by writing its address and reading with a repeated start, and consecutive registers follow
/// through the chip's auto-increment; a register is written as its address then its value.
/// </summary>
internal static class I2cRegisters
{
    public static byte ReadRegister(this I2cDevice device, byte register)
    {
        Span<byte> value = stackalloc byte[1];
        device.ReadRegisters(register, value);
        return value[0];
    }

    public static void ReadRegisters(this I2cDevice device, byte first, Span<byte> destination)
    {
        ReadOnlySpan<byte> address = [first];
        device.WriteRead(address, destination);
    }

    public static void WriteRegister(this I2cDevice device, byte register, byte value)
    {
        ReadOnlySpan<byte> bytes = [register, value];
        device.Write(bytes);
    }

    /// <summary>Refuses a value outside a register-setting enum (a cast integer, say) before it reaches the chip.</summary>
    public static void ThrowIfUndefined<T>(T value)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a valid {typeof(T).Name}.");
        }
    }
}
