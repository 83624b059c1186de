using System.Buffers.Binary;
using System.Numerics;

namespace EdgeLstm.Sensors.Devices;

/// <summary>
/// Three consecutive signed 16-bit axis registers (x, y, z) to a vector in SI units: raw count times
/// the range's scale. The ST chips store each axis little-endian, the InvenSense ones big-endian.
/// </summary>
internal static class RawAxes
{
    public static Vector3 LittleEndian(ReadOnlySpan<byte> bytes, double scale) => new(
        (float)(BinaryPrimitives.ReadInt16LittleEndian(bytes) * scale),
        (float)(BinaryPrimitives.ReadInt16LittleEndian(bytes[2..]) * scale),
        (float)(BinaryPrimitives.ReadInt16LittleEndian(bytes[4..]) * scale));

    public static Vector3 BigEndian(ReadOnlySpan<byte> bytes, double scale) => new(
        (float)(BinaryPrimitives.ReadInt16BigEndian(bytes) * scale),
        (float)(BinaryPrimitives.ReadInt16BigEndian(bytes[2..]) * scale),
        (float)(BinaryPrimitives.ReadInt16BigEndian(bytes[4..]) * scale));
}
