using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EdgeLstm.Sensors.Devices.Smbus;

/// <summary>
/// <see cref="ISmbus"/> on /dev/i2c-N through the kernel's i2c-dev ioctls (I2C_SLAVE, I2C_SMBUS;
/// linux/i2c-dev.h), as i2c-tools does. The 34-byte i2c_smbus_data union is one pinned array
/// taken at open, so a transfer allocates nothing.
/// </summary>
public sealed class LinuxSmbus : ISmbus
{
    // linux/i2c-dev.h and linux/i2c.h
    private const nuint I2cSlave = 0x0703;
    private const nuint I2cFuncs = 0x0705;
    private const nuint I2cSmbus = 0x0720;
    private const byte SmbusWrite = 0;
    private const byte SmbusRead = 1;
    private const uint SizeByte = 1;
    private const uint SizeByteData = 2;
    private const uint SizeI2cBlockData = 8;

    /// <summary>I2C_FUNC_I2C: the adapter does plain I2C transfers (I2C_RDWR).</summary>
    public const ulong FunctionalityI2c = 0x00000001;

    private readonly SafeFileHandle _file;
    private readonly byte[] _data = new byte[34];
    private GCHandle _pinned;

    private LinuxSmbus(SafeFileHandle file, int busId, int address)
    {
        _file = file;
        BusId = busId;
        Address = address;
        _pinned = GCHandle.Alloc(_data, GCHandleType.Pinned);
    }

    public int BusId { get; }

    public int Address { get; }

    /// <summary>Opens /dev/i2c-<paramref name="busId"/> and addresses the chip at <paramref name="address"/>.</summary>
    /// <exception cref="IOException">The bus cannot be opened or the address is taken by a kernel driver.</exception>
    public static LinuxSmbus Open(int busId, int address)
    {
        SafeFileHandle file = OpenBus(busId);
        try
        {
            Check(Native.IoctlValue(file, I2cSlave, (nuint)address), $"selecting I2C address 0x{address:X2} on /dev/i2c-{busId}");
            return new LinuxSmbus(file, busId, address);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The adapter's I2C_FUNCS bits (linux/i2c.h I2C_FUNC_*).</summary>
    /// <exception cref="IOException">The bus cannot be opened or queried.</exception>
    public static ulong Functionality(int busId)
    {
        using SafeFileHandle file = OpenBus(busId);
        Check(Native.IoctlFunctionality(file, I2cFuncs, out nuint functionality), $"reading the functionality of /dev/i2c-{busId}");
        return functionality;
    }

    public void ReadI2cBlock(byte command, Span<byte> destination)
    {
        _data[0] = (byte)destination.Length;
        Transfer(SmbusRead, command, SizeI2cBlockData);
        _data.AsSpan(1, destination.Length).CopyTo(destination);
    }

    public void WriteI2cBlock(byte command, ReadOnlySpan<byte> values)
    {
        _data[0] = (byte)values.Length;
        values.CopyTo(_data.AsSpan(1));
        Transfer(SmbusWrite, command, SizeI2cBlockData);
    }

    public void WriteByteData(byte command, byte value)
    {
        _data[0] = value;
        Transfer(SmbusWrite, command, SizeByteData);
    }

    public void SendByte(byte value) => Transfer(SmbusWrite, value, SizeByte, withData: false);

    public byte ReceiveByte()
    {
        Transfer(SmbusRead, 0, SizeByte);
        return _data[0];
    }

    public void Dispose()
    {
        if (_pinned.IsAllocated)
        {
            _pinned.Free();
        }

        _file.Dispose();
    }

    private void Transfer(byte readWrite, byte command, uint size, bool withData = true)
    {
        ObjectDisposedException.ThrowIf(_file.IsClosed, this);
        var request = new Native.SmbusIoctlData
        {
            ReadWrite = readWrite,
            Command = command,
            Size = size,
            Data = withData ? _pinned.AddrOfPinnedObject() : IntPtr.Zero,
        };
        Check(Native.IoctlSmbus(_file, I2cSmbus, ref request), $"performing an SMBus transfer to 0x{Address:X2} on /dev/i2c-{BusId}");
    }

    private static SafeFileHandle OpenBus(int busId)
    {
        try
        {
            return File.OpenHandle($"/dev/i2c-{busId}", FileMode.Open, FileAccess.ReadWrite);
        }
        catch (UnauthorizedAccessException e)
        {
            // An IOException like every other bus problem; the usual cause is worth naming.
            throw new IOException($"Permission denied opening /dev/i2c-{busId} (the user needs the i2c group and, under systemd, DeviceAllow=char-i2c): {e.Message}", e);
        }
    }

    // Same wording as System.Device.I2c's errors, so the status topic reads alike on either path.
    private static void Check(int result, string what)
    {
        if (result < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Error {errno} {what}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    private static class Native
    {
        [StructLayout(LayoutKind.Sequential)]
        internal struct SmbusIoctlData
        {
            public byte ReadWrite;
            public byte Command;
            public uint Size;
            public IntPtr Data;
        }

        [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
        internal static extern int IoctlValue(SafeFileHandle fd, nuint request, nuint value);

        [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
        internal static extern int IoctlFunctionality(SafeFileHandle fd, nuint request, out nuint functionality);

        [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
        internal static extern int IoctlSmbus(SafeFileHandle fd, nuint request, ref SmbusIoctlData data);
    }
}
