using System.Buffers.Binary;
using System.Numerics;
using EdgeLstm.Sensors.Devices.Imu;
using EdgeLstm.Sensors.Devices.Mpu6050;

namespace EdgeLstm.Sensors.Tests.Devices.Simulation;

/// <summary>
/// MPU-6050/6500/9250 register map: WHO_AM_I, DEVICE_RESET (defaults, SLEEP set), outputs
/// latched from the true physical values at the start of a burst (big-endian, range-dependent
/// scale), INT_STATUS cleared on read, and the FIFO filled at the configured sample rate with
/// overflow. Frozen output (a wedged chip) is cured by a reset.
/// </summary>
internal sealed class SimulatedMpu6xxx : SimulatedI2cDevice
{
    private const byte SampleRateDivider = 0x19, Config = 0x1A, GyroConfig = 0x1B, AccelConfig = 0x1C, FifoEnable = 0x23;
    private const byte IntStatus = 0x3A, AccelXOutHigh = 0x3B, GyroZOutLow = 0x48, UserCtrl = 0x6A, PwrMgmt1 = 0x6B;
    private const byte FifoCountHigh = 0x72, FifoCountLow = 0x73, FifoReadWrite = 0x74, WhoAmI = 0x75;

    private readonly Queue<byte> _fifo = new();
    private readonly int _fifoCapacity;
    private double _pendingSeconds;
    private int _latchedFifoCount;
    private int _sampleIndex;

    public SimulatedMpu6xxx(MpuChip chip = MpuChip.Mpu6050, int address = 0x68)
        : base(address, 128)
    {
        Chip = chip;
        _fifoCapacity = chip == MpuChip.Mpu6050 ? 1024 : 512;
        PowerOn();
    }

    public MpuChip Chip { get; }

    /// <summary>True specific force on the sensor axes (m/s²).</summary>
    public Vector3 Acceleration { get; set; } = new(0, 0, (float)ImuReading.StandardGravity);

    /// <summary>True angular velocity on the sensor axes (rad/s).</summary>
    public Vector3 AngularVelocity { get; set; }

    public double TemperatureCelsius { get; set; } = 25;

    /// <summary>Adds a ±amplitude LSB pattern that changes every sample, as real sensor noise does.</summary>
    public int NoiseLsb { get; set; }

    /// <summary>Output registers stop updating (a wedged chip); a reset cures it.</summary>
    public bool Frozen { get; set; }

    /// <summary>A different identity, to test the mismatch error.</summary>
    public byte? WhoAmIOverride { get; set; }

    public int Resets { get; private set; }

    public bool IsAsleep => (Registers[PwrMgmt1] & 0x40) != 0;

    public int FifoCount => _fifo.Count;

    public bool FifoOverflowFlag => (Registers[IntStatus] & 0x10) != 0;

    public double SampleRateHz => ((Registers[Config] & 0x07) is 0 or 7 ? 8000.0 : 1000.0) / (1 + Registers[SampleRateDivider]);

    /// <summary>Loss of power: every register back to its default, as after DEVICE_RESET.</summary>
    public void PowerOn()
    {
        Array.Clear(Registers);
        Registers[PwrMgmt1] = 0x40;
        Registers[WhoAmI] = (byte)Chip;
        _fifo.Clear();
        _pendingSeconds = 0;
        Frozen = false;
    }

    /// <summary>Lets time pass: the chip pushes one FIFO frame per sample period while the FIFO is enabled.</summary>
    public void AdvanceTime(TimeSpan elapsed)
    {
        _pendingSeconds += elapsed.TotalSeconds;
        double period = 1.0 / SampleRateHz;
        while (_pendingSeconds >= period - 1e-12)
        {
            _pendingSeconds -= period;
            if (!IsAsleep && (Registers[UserCtrl] & 0x40) != 0)
            {
                PushFrame();
            }
        }
    }

    protected override void StartRead(byte register)
    {
        if (register is >= AccelXOutHigh and <= GyroZOutLow && !Frozen && !IsAsleep)
        {
            LatchOutputs();
        }

        if (register == FifoCountHigh)
        {
            _latchedFifoCount = _fifo.Count;
        }
    }

    protected override byte OnRead(byte register)
    {
        switch (register)
        {
            case WhoAmI:
                return WhoAmIOverride ?? Registers[WhoAmI];
            case IntStatus:
                byte status = Registers[IntStatus];
                Registers[IntStatus] = 0;
                return status;
            case FifoCountHigh:
                return (byte)(_latchedFifoCount >> 8);
            case FifoCountLow:
                return (byte)_latchedFifoCount;
            case FifoReadWrite:
                return _fifo.Count > 0 ? _fifo.Dequeue() : (byte)0xFF;
            default:
                return Registers[register];
        }
    }

    protected override void OnWrite(byte register, byte value)
    {
        switch (register)
        {
            case PwrMgmt1 when (value & 0x80) != 0:
                PowerOn();
                Resets++;
                break;
            case UserCtrl:
                if ((value & 0x04) != 0)
                {
                    _fifo.Clear();
                }

                Registers[UserCtrl] = (byte)(value & ~0x07); // reset bits clear themselves
                break;
            case 0x68: // SIGNAL_PATH_RESET: self-clearing
                break;
            case WhoAmI or IntStatus or FifoCountHigh or FifoCountLow:
                break; // read-only
            default:
                Registers[register] = value;
                break;
        }
    }

    protected override byte NextAddress(byte register) => register == FifoReadWrite ? register : base.NextAddress(register);

    public double AccelerometerLsbPerG => 16384.0 / (1 << ((Registers[AccelConfig] >> 3) & 3));

    public double GyroscopeLsbPerDegreePerSecond => ((Registers[GyroConfig] >> 3) & 3) switch
    {
        0 => 131.0,
        1 => 65.5,
        2 => 32.8,
        _ => 16.4,
    };

    private void LatchOutputs()
    {
        _sampleIndex++;
        Span<byte> output = Registers.AsSpan(AccelXOutHigh, 14);
        WriteAccel(output);
        short temperature = Chip == MpuChip.Mpu6050
            ? Saturate((TemperatureCelsius - 36.53) * 340.0)
            : Saturate((TemperatureCelsius - 21.0) * 333.87);
        BinaryPrimitives.WriteInt16BigEndian(output[6..], temperature);
        WriteGyro(output[8..]);
    }

    private void PushFrame()
    {
        _sampleIndex++;
        Span<byte> frame = stackalloc byte[14];
        int length = 0;
        var sources = Registers[FifoEnable];
        if ((sources & 0x08) != 0)
        {
            WriteAccel(frame);
            length = 6;
        }

        if ((sources & 0x70) == 0x70)
        {
            WriteGyro(frame[length..]);
            length += 6;
        }

        foreach (byte b in frame[..length])
        {
            if (_fifo.Count == _fifoCapacity)
            {
                _fifo.Dequeue(); // MPU-6050: the oldest data is lost
                Registers[IntStatus] |= 0x10;
            }

            _fifo.Enqueue(b);
        }
    }

    private void WriteAccel(Span<byte> destination)
    {
        double scale = AccelerometerLsbPerG / ImuReading.StandardGravity;
        BinaryPrimitives.WriteInt16BigEndian(destination, Saturate((Acceleration.X * scale) + Noise(0)));
        BinaryPrimitives.WriteInt16BigEndian(destination[2..], Saturate((Acceleration.Y * scale) + Noise(1)));
        BinaryPrimitives.WriteInt16BigEndian(destination[4..], Saturate((Acceleration.Z * scale) + Noise(2)));
    }

    private void WriteGyro(Span<byte> destination)
    {
        double scale = GyroscopeLsbPerDegreePerSecond * 180.0 / Math.PI;
        BinaryPrimitives.WriteInt16BigEndian(destination, Saturate((AngularVelocity.X * scale) + Noise(3)));
        BinaryPrimitives.WriteInt16BigEndian(destination[2..], Saturate((AngularVelocity.Y * scale) + Noise(4)));
        BinaryPrimitives.WriteInt16BigEndian(destination[4..], Saturate((AngularVelocity.Z * scale) + Noise(5)));
    }

    private int Noise(int axis) => NoiseLsb == 0 ? 0 : (((_sampleIndex + axis) % 3) - 1) * NoiseLsb;

    private static short Saturate(double lsb) => (short)Math.Clamp(Math.Round(lsb), short.MinValue, short.MaxValue);
}
