namespace EdgeLstm.Sensors.Devices.Smbus;

/// <summary>
/// The SMBus transfers an IMU driver needs, addressed to one chip: what an adapter without plain
/// I2C transfers offers (Linux's i2c-stub, PC SMBus controllers). Failures throw
/// <see cref="IOException"/>, as from <c>I2cDevice</c>.
/// </summary>
public interface ISmbus : IDisposable
{
    /// <summary>7-bit address of the chip these transfers go to.</summary>
    int Address { get; }

    /// <summary>"I2C block read": sets the register pointer to <paramref name="command"/> and reads up to 32 bytes.</summary>
    void ReadI2cBlock(byte command, Span<byte> destination);

    /// <summary>"I2C block write": register <paramref name="command"/>, then up to 32 bytes.</summary>
    void WriteI2cBlock(byte command, ReadOnlySpan<byte> values);

    /// <summary>"Write byte data": one register.</summary>
    void WriteByteData(byte command, byte value);

    /// <summary>"Send byte": only sets the register pointer.</summary>
    void SendByte(byte value);

    /// <summary>"Receive byte": one byte from the register pointer, which the chip advances.</summary>
    byte ReceiveByte();
}
