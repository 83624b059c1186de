using System.Buffers.Binary;
using System.Numerics;
using EdgeLstm.Sensors.Devices.Imu;
using EdgeLstm.Sensors.Devices.Lsm6ds;

namespace EdgeLstm.Sensors.Tests.Devices.Simulation;

/// <summary>
/// LSM6DS3/LSM6DS3TR-C/LSM6DSOX register map: WHO_AM_I, CTRL3_C SW_RESET (defaults, IF_INC set),
/// auto-increment only while IF_INC is set, little-endian outputs latched at the start of a burst
/// from the true values with the FS-dependent sensitivity, sensors off while ODR is power-down.
/// </summary>
internal sealed class SimulatedLsm6dsx : SimulatedI2cDevice
{
    private const byte WhoAmI = 0x0F, Ctrl1Xl = 0x10, Ctrl2G = 0x11, Ctrl3C = 0x12, OutTempLow = 0x20, OutZHighXl = 0x2D;

    private int _sampleIndex;

    public SimulatedLsm6dsx(LsmChip chip = LsmChip.Lsm6dsox, int address = 0x6A)
        : base(address, 128)
    {
        Chip = chip;
        PowerOn();
    }

    public LsmChip Chip { get; }

    public Vector3 Acceleration { get; set; } = new(0, 0, (float)ImuReading.StandardGravity);

    public Vector3 AngularVelocity { get; set; }

    public double TemperatureCelsius { get; set; } = 25;

    public int NoiseLsb { get; set; }

    public bool Frozen { get; set; }

    public byte? WhoAmIOverride { get; set; }

    public int Resets { get; private set; }

    public byte Control3 => Registers[Ctrl3C];

    public void PowerOn()
    {
        Array.Clear(Registers);
        Registers[WhoAmI] = (byte)Chip;
        Registers[Ctrl3C] = 0x04; // IF_INC set by default
        Frozen = false;
    }

    public double AccelerometerMilliGPerLsb => ((Registers[Ctrl1Xl] >> 2) & 3) switch
    {
        0 => 0.061,
        1 => 0.488,
        2 => 0.122,
        _ => 0.244,
    };

    public double GyroscopeMilliDpsPerLsb => ((Registers[Ctrl2G] >> 2) & 3) switch
    {
        0 => 8.75,
        1 => 17.5,
        2 => 35.0,
        _ => 70.0,
    };

    protected override void StartRead(byte register)
    {
        if (register is >= OutTempLow and <= OutZHighXl && !Frozen)
        {
            LatchOutputs();
        }
    }

    protected override byte OnRead(byte register) =>
        register == WhoAmI ? WhoAmIOverride ?? Registers[WhoAmI] : Registers[register];

    protected override void OnWrite(byte register, byte value)
    {
        if (register == Ctrl3C && (value & 0x01) != 0)
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
        (Registers[Ctrl3C] & 0x04) != 0 ? base.NextAddress(register) : register;

    private void LatchOutputs()
    {
        _sampleIndex++;
        Span<byte> output = Registers.AsSpan(OutTempLow, 14);
        double temperatureLsbPerDegree = Chip == LsmChip.Lsm6ds3 ? 16.0 : 256.0;
        BinaryPrimitives.WriteInt16LittleEndian(output, Saturate((TemperatureCelsius - 25.0) * temperatureLsbPerDegree));
        if ((Registers[Ctrl2G] >> 4) != 0)
        {
            double scale = 180.0 / Math.PI / (GyroscopeMilliDpsPerLsb * 1e-3);
            BinaryPrimitives.WriteInt16LittleEndian(output[2..], Saturate((AngularVelocity.X * scale) + Noise(0)));
            BinaryPrimitives.WriteInt16LittleEndian(output[4..], Saturate((AngularVelocity.Y * scale) + Noise(1)));
            BinaryPrimitives.WriteInt16LittleEndian(output[6..], Saturate((AngularVelocity.Z * scale) + Noise(2)));
        }

        if ((Registers[Ctrl1Xl] >> 4) != 0)
        {
            double scale = 1.0 / ImuReading.StandardGravity / (AccelerometerMilliGPerLsb * 1e-3);
            BinaryPrimitives.WriteInt16LittleEndian(output[8..], Saturate((Acceleration.X * scale) + Noise(3)));
            BinaryPrimitives.WriteInt16LittleEndian(output[10..], Saturate((Acceleration.Y * scale) + Noise(4)));
            BinaryPrimitives.WriteInt16LittleEndian(output[12..], Saturate((Acceleration.Z * scale) + Noise(5)));
        }
    }

    private int Noise(int axis) => NoiseLsb == 0 ? 0 : (((_sampleIndex + axis) % 3) - 1) * NoiseLsb;

    private static short Saturate(double lsb) => (short)Math.Clamp(Math.Round(lsb), short.MinValue, short.MaxValue);
}
