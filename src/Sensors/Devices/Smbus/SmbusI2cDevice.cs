using System.Device.I2c;

namespace EdgeLstm.Sensors.Devices.Smbus;

/// <summary>
/// An <see cref="I2cDevice"/> carried over SMBus transfers, for adapters that cannot do plain I2C
/// (Linux's i2c-stub, PC SMBus controllers): the register-pointer writes and burst reads that the
/// IMU bindings make are exactly SMBus's I2C block transfers. A read or write of more than
/// <see cref="MaxBlockLength"/> bytes is refused rather than split, because whether the next
/// piece continues at the next register (auto-increment) or re-reads a FIFO is the chip's
/// business, not the bus's.
/// </summary>
public sealed class SmbusI2cDevice : I2cDevice
{
    /// <summary>I2C_SMBUS_BLOCK_MAX.</summary>
    public const int MaxBlockLength = 32;

    private readonly ISmbus _bus;
    private readonly I2cConnectionSettings _settings;
    private bool _disposed;

    /// <param name="bus">Transfers to the chip; disposed with this device.</param>
    /// <param name="busId">Linux bus number, for <see cref="ConnectionSettings"/>.</param>
    public SmbusI2cDevice(ISmbus bus, int busId)
    {
        _bus = bus ?? throw new ArgumentNullException(nameof(bus));
        _settings = new I2cConnectionSettings(busId, bus.Address);
    }

    public override I2cConnectionSettings ConnectionSettings => _settings;

    /// <summary>Reads from the chip's register pointer, one "receive byte" a byte.</summary>
    public override void Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = _bus.ReceiveByte();
        }
    }

    /// <summary>One byte sets the register pointer; a register and its values are one write.</summary>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        switch (buffer.Length)
        {
            case 0:
                return;
            case 1:
                _bus.SendByte(buffer[0]);
                return;
            case 2:
                _bus.WriteByteData(buffer[0], buffer[1]);
                return;
            default:
                ThrowIfTooLong(buffer.Length - 1, "write");
                _bus.WriteI2cBlock(buffer[0], buffer[1..]);
                return;
        }
    }

    /// <summary>A one-byte register address followed by a read is one I2C block read.</summary>
    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (writeBuffer.Length != 1)
        {
            throw new NotSupportedException($"SMBus reads take a one-byte register address, not {writeBuffer.Length} bytes.");
        }

        if (readBuffer.IsEmpty)
        {
            return;
        }

        ThrowIfTooLong(readBuffer.Length, "read");
        _bus.ReadI2cBlock(writeBuffer[0], readBuffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _bus.Dispose();
        }

        _disposed = true;
        base.Dispose(disposing);
    }

    private static void ThrowIfTooLong(int length, string what)
    {
        if (length > MaxBlockLength)
        {
            throw new NotSupportedException($"An SMBus block {what} carries at most {MaxBlockLength} bytes, not {length}.");
        }
    }
}
