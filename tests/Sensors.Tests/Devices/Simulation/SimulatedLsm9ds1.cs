using System.Buffers.Binary;
using System.Numerics;
using EdgeLstm.Sensors.Devices.Imu;

namespace EdgeLstm.Sensors.Tests.Devices.Simulation;

/// <summary>
/// LSM9DS1 accelerometer/gyroscope register map (DocID025715): WHO_AM_I 0x68, CTRL_REG8 SW_RESET
/// (defaults back, IF_ADD_INC set), auto-increment only while IF_ADD_INC is set, 7-bit
/// sub-addresses (bit 7 is not an increment flag here, so 0xA8 is not OUT_X_L_XL), little-endian
/// outputs latched at the start of a burst from the true values with the datasheet's table-3
/// sensitivities, gyro and temperature off while ODR_G is power-down, accel off while both ODRs are.
/// </summary>
internal sealed class SimulatedLsm9ds1 : SimulatedI2cDevice
{
    private const byte WhoAmI = 0x0F, Ctrl1G = 0x10, OutTempLow = 0x15, OutZHighG = 0x1D, Ctrl6Xl = 0x20, Ctrl8 = 0x22, OutXLowXl = 0x28, OutZHighXl = 0x2D;

    private int _sampleIndex;

    public SimulatedLsm9ds1(int address = 0x6A)
        : base(address, 128) => PowerOn();

    public Vector3 Acceleration { get; set; } = new(0, 0, (float)ImuReading.StandardGravity);

    public Vector3 AngularVelocity { get; set; }

    public double TemperatureCelsius { get; set; } = 25;

    public int NoiseLsb { get; set; }

    public byte? WhoAmIOverride { get; set; }

    public int Resets { get; private set; }

    public byte Control8 => Registers[Ctrl8];

    // DocID025715 table 3, by FS_XL code: 00 ±2 g, 01 ±16 g, 10 ±4 g, 11 ±8 g.
    public double AccelerometerMilliGPerLsb => ((Registers[Ctrl6Xl] >> 3) & 3) switch
    {
        0 => 0.061,
        1 => 0.732,
        2 => 0.122,
        _ => 0.244,
    };

    // By FS_G code: 00 ±245, 01 ±500, 11 ±2000 °/s (10 is "not available").
    public double GyroscopeMilliDpsPerLsb => ((Registers[Ctrl1G] >> 3) & 3) switch
    {
        0 => 8.75,
        1 => 17.50,
        3 => 70.0,
        _ => throw new InvalidOperationException("FS_G 10 is not available on the LSM9DS1"),
    };

    public void PowerOn()
    {
        Array.Clear(Registers);
        Registers[WhoAmI] = 0x68;
        Registers[Ctrl8] = 0x04; // IF_ADD_INC
        Registers[0x1E] = 0x38; // CTRL_REG4: gyro axes enabled
        Registers[0x1F] = 0x38; // CTRL_REG5_XL: accel axes enabled
    }

    protected override void StartRead(byte register)
    {
        if (register is >= OutTempLow and <= OutZHighG or >= OutXLowXl and <= OutZHighXl)
        {
            LatchOutputs();
        }
    }

    protected override byte OnRead(byte register) =>
        register == WhoAmI ? WhoAmIOverride ?? Registers[WhoAmI] : Registers[register & 0xFF];

    protected override void OnWrite(byte register, byte value)
    {
        if (register == Ctrl8 && (value & 0x01) != 0)
        {
            PowerOn();
            Resets++;
            return;
        }

        if (register != WhoAmI)
        {
            Registers[register] = value;
        }
    }

    protected override byte NextAddress(byte register) =>
        (Registers[Ctrl8] & 0x04) != 0 ? base.NextAddress(register) : register;

    private void LatchOutputs()
    {
        _sampleIndex++;
        bool gyroOn = (Registers[Ctrl1G] >> 5) != 0;
        bool accelOn = gyroOn || (Registers[Ctrl6Xl] >> 5) != 0;
        if (gyroOn)
        {
            BinaryPrimitives.WriteInt16LittleEndian(Registers.AsSpan(OutTempLow), Saturate((TemperatureCelsius - 25.0) * 16.0));
            double scale = 180.0 / Math.PI / (GyroscopeMilliDpsPerLsb * 1e-3);
            Span<byte> gyro = Registers.AsSpan(0x18, 6);
            BinaryPrimitives.WriteInt16LittleEndian(gyro, Saturate((AngularVelocity.X * scale) + Noise(0)));
            BinaryPrimitives.WriteInt16LittleEndian(gyro[2..], Saturate((AngularVelocity.Y * scale) + Noise(1)));
            BinaryPrimitives.WriteInt16LittleEndian(gyro[4..], Saturate((AngularVelocity.Z * scale) + Noise(2)));
        }

        if (accelOn)
        {
            double scale = 1.0 / ImuReading.StandardGravity / (AccelerometerMilliGPerLsb * 1e-3);
            Span<byte> accel = Registers.AsSpan(OutXLowXl, 6);
            BinaryPrimitives.WriteInt16LittleEndian(accel, Saturate((Acceleration.X * scale) + Noise(3)));
            BinaryPrimitives.WriteInt16LittleEndian(accel[2..], Saturate((Acceleration.Y * scale) + Noise(4)));
            BinaryPrimitives.WriteInt16LittleEndian(accel[4..], Saturate((Acceleration.Z * scale) + Noise(5)));
        }
    }

    private int Noise(int axis) => NoiseLsb == 0 ? 0 : (((_sampleIndex + axis) % 3) - 1) * NoiseLsb;

    private static short Saturate(double lsb) => (short)Math.Clamp(Math.Round(lsb), short.MinValue, short.MaxValue);
}
