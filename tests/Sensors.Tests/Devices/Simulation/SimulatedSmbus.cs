using EdgeLstm.Sensors.Devices.Smbus;

namespace EdgeLstm.Sensors.Tests.Devices.Simulation;

/// <summary>
/// An SMBus-only adapter with one simulated chip on it: each SMBus transfer becomes the I2C
/// transaction the SMBus specification defines for it (block read = register write, repeated
/// start, read), so the chip's own register-map emulation answers. Counts transfers by kind.
/// </summary>
internal sealed class SimulatedSmbus(SimulatedI2cDevice chip) : ISmbus
{
    public int Address => chip.ConnectionSettings.DeviceAddress;

    public int BlockReads { get; private set; }

    public int ByteDataWrites { get; private set; }

    public void ReadI2cBlock(byte command, Span<byte> destination)
    {
        Assert.InRange(destination.Length, 1, 32);
        BlockReads++;
        chip.WriteRead([command], destination);
    }

    public void WriteI2cBlock(byte command, ReadOnlySpan<byte> values)
    {
        Assert.InRange(values.Length, 1, 32);
        byte[] bytes = [command, .. values];
        chip.Write(bytes);
    }

    public void WriteByteData(byte command, byte value)
    {
        ByteDataWrites++;
        chip.Write([command, value]);
    }

    public void SendByte(byte value) => chip.Write([value]);

    public byte ReceiveByte()
    {
        Span<byte> value = stackalloc byte[1];
        chip.Read(value);
        return value[0];
    }

    public void Dispose() => chip.Dispose();
}
