using System.Device.I2c;

namespace EdgeLstm.Sensors.Tests.Devices.Simulation;

/// <summary>
/// An I2C chip emulated by a register array: a write sets the register pointer (first byte) and
/// stores the rest with auto-increment; a read returns bytes from the pointer onwards. Subclasses
/// add each chip's behaviour (identity, reset, latched outputs, FIFO). Fault injection makes the
/// next reads fail as a real "Remote I/O error" does.
/// </summary>
internal abstract class SimulatedI2cDevice : I2cDevice
{
    private readonly I2cConnectionSettings _settings;
    private byte _pointer;
    private int _failingReads;

    protected SimulatedI2cDevice(int address, int registerCount)
    {
        _settings = new I2cConnectionSettings(1, address);
        Registers = new byte[registerCount];
    }

    public override I2cConnectionSettings ConnectionSettings => _settings;

    /// <summary>Completed read transfers (WriteRead or Read).</summary>
    public int ReadTransfers { get; private set; }

    public bool IsDisposed { get; private set; }

    protected byte[] Registers { get; }

    /// <summary>The next <paramref name="count"/> read transfers throw IOException (EREMOTEIO).</summary>
    public void FailNextReads(int count) => _failingReads = count;

    public byte PeekRegister(int address) => Registers[address];

    public void PokeRegister(int address, byte value) => Registers[address] = value;

    public override void Read(Span<byte> buffer)
    {
        ThrowIfReadFails();
        StartRead(_pointer);
        ReadFromPointer(buffer);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (buffer.IsEmpty)
        {
            return;
        }

        _pointer = buffer[0];
        foreach (byte value in buffer[1..])
        {
            OnWrite(_pointer, value);
            _pointer = NextAddress(_pointer);
        }
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        ThrowIfReadFails();
        _pointer = writeBuffer[0];
        StartRead(_pointer);
        ReadFromPointer(readBuffer);
    }

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }

    /// <summary>A read transfer begins at <paramref name="register"/>: chips latch outputs here.</summary>
    protected virtual void StartRead(byte register)
    {
    }

    protected virtual byte OnRead(byte register) => Registers[register];

    protected virtual void OnWrite(byte register, byte value) => Registers[register] = value;

    protected virtual byte NextAddress(byte register) => (byte)((register + 1) % Registers.Length);

    private void ReadFromPointer(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = OnRead(_pointer);
            _pointer = NextAddress(_pointer);
        }

        ReadTransfers++;
    }

    private void ThrowIfReadFails()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (_failingReads > 0)
        {
            _failingReads--;
            throw new IOException("Error 121 performing I2C data transfer: Remote I/O error");
        }
    }
}
