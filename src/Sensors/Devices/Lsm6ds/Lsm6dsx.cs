using System.Buffers.Binary;
using System.Device.I2c;
using System.Numerics;
using EdgeLstm.Sensors.Devices.Imu;

namespace EdgeLstm.Sensors.Devices.Lsm6ds;

/// <summary>
/// Binding for the ST LSM6DS3 / LSM6DS3TR-C / LSM6DSOX 6-axis IMUs over I2C: identity check,
/// software reset, output data rates and ranges, and one 14-byte little-endian burst read of
/// temperature, gyro and accel. Sensor axes as printed on the chip; SI units.
/// </summary>
public sealed class Lsm6dsx : IImuDriver
{
    /// <summary>Address with SA0 low (Adafruit boards); 0x6B with SA0 high (Pololu boards).</summary>
    public const byte DefaultI2cAddress = 0x6A;

    /// <summary>Address with SA0 tied high.</summary>
    public const byte SecondaryI2cAddress = 0x6B;

    // SW_RESET completes in about 50 µs (DS12814 9.16); poll a few times before giving up.
    private static readonly TimeSpan s_resetPollInterval = TimeSpan.FromMilliseconds(1);
    private const int ResetPollAttempts = 10;

    private readonly I2cDevice _i2c;
    private readonly bool _shouldDispose;
    private readonly Action<TimeSpan> _sleep;
    private readonly Func<long> _clockNs;
    private AccelerometerRange _accelerometerRange = AccelerometerRange.Range2G;
    private GyroscopeRange _gyroscopeRange = GyroscopeRange.Range250DegreesPerSecond;
    private OutputDataRate _accelerometerRate = OutputDataRate.Hz104;
    private OutputDataRate _gyroscopeRate = OutputDataRate.Hz104;
    private double _accelerometerScale;
    private double _gyroscopeScale;
    private bool _disposed;

    /// <summary>Checks the chip's identity, resets it and starts both sensors at 104 Hz, ±2 g, ±250 °/s.</summary>
    /// <exception cref="IOException">No LSM6DS3/DS3TR-C/DSOX answers (the message holds the WHO_AM_I value read).</exception>
    public Lsm6dsx(I2cDevice i2cDevice, bool shouldDispose = true)
        : this(i2cDevice, shouldDispose, Thread.Sleep, MonotonicClock.NowNs)
    {
    }

    internal Lsm6dsx(I2cDevice i2cDevice, bool shouldDispose, Action<TimeSpan> sleep, Func<long> clockNs)
    {
        _i2c = i2cDevice ?? throw new ArgumentNullException(nameof(i2cDevice));
        _shouldDispose = shouldDispose;
        _sleep = sleep;
        _clockNs = clockNs;
        UpdateScales();
        Initialize();
    }

    public LsmChip Chip { get; private set; }

    public string ChipName => Chip switch
    {
        LsmChip.Lsm6ds3trc => "LSM6DS3TR-C",
        LsmChip.Lsm6dsox => "LSM6DSOX",
        _ => "LSM6DS3",
    };

    public AccelerometerRange AccelerometerRange
    {
        get => _accelerometerRange;
        set
        {
            I2cRegisters.ThrowIfUndefined(value);
            _accelerometerRange = value;
            WriteAccelerometerControl();
            UpdateScales();
        }
    }

    public GyroscopeRange GyroscopeRange
    {
        get => _gyroscopeRange;
        set
        {
            I2cRegisters.ThrowIfUndefined(value);
            _gyroscopeRange = value;
            WriteGyroscopeControl();
            UpdateScales();
        }
    }

    /// <summary>ODR_XL; <see cref="OutputDataRate.PowerDown"/> turns the accelerometer off.</summary>
    public OutputDataRate AccelerometerDataRate
    {
        get => _accelerometerRate;
        set
        {
            I2cRegisters.ThrowIfUndefined(value);
            _accelerometerRate = value;
            WriteAccelerometerControl();
        }
    }

    /// <summary>ODR_G; <see cref="OutputDataRate.PowerDown"/> turns the gyroscope off.</summary>
    public OutputDataRate GyroscopeDataRate
    {
        get => _gyroscopeRate;
        set
        {
            I2cRegisters.ThrowIfUndefined(value);
            _gyroscopeRate = value;
            WriteGyroscopeControl();
        }
    }

    /// <summary>The rate in Hz of an ODR code (0 for power-down).</summary>
    public static double ToHertz(OutputDataRate rate) => rate switch
    {
        OutputDataRate.PowerDown => 0,
        OutputDataRate.Hz12_5 => 12.5,
        OutputDataRate.Hz26 => 26,
        OutputDataRate.Hz52 => 52,
        OutputDataRate.Hz104 => 104,
        OutputDataRate.Hz208 => 208,
        OutputDataRate.Hz416 => 416,
        OutputDataRate.Hz833 => 833,
        OutputDataRate.Hz1660 => 1660,
        OutputDataRate.Hz3330 => 3330,
        _ => 6660,
    };

    /// <summary>The slowest ODR at or above <paramref name="hertz"/> (capped at 6.66 kHz).</summary>
    public static OutputDataRate AtLeast(double hertz)
    {
        for (var rate = OutputDataRate.Hz12_5; rate < OutputDataRate.Hz6660; rate++)
        {
            if (ToHertz(rate) >= hertz)
            {
                return rate;
            }
        }

        return OutputDataRate.Hz6660;
    }

    /// <summary>
    /// One 14-byte burst from OUT_TEMP_L (IF_INC advances the address; BDU keeps the bytes of one
    /// sample together), converted to m/s², °C and rad/s. False when both sensors are powered down.
    /// </summary>
    public bool TryReadSample(out ImuReading reading)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_accelerometerRate == OutputDataRate.PowerDown && _gyroscopeRate == OutputDataRate.PowerDown)
        {
            reading = default;
            return false;
        }

        Span<byte> raw = stackalloc byte[14];
        ReadRegisters(Register.TemperatureOutLow, raw);
        long timestamp = _clockNs();
        double temperature = ConvertTemperature(BinaryPrimitives.ReadInt16LittleEndian(raw));
        var angularVelocity = RawAxes.LittleEndian(raw[2..], _gyroscopeScale);
        var acceleration = RawAxes.LittleEndian(raw[8..], _accelerometerScale);
        reading = new ImuReading(acceleration, angularVelocity, temperature, timestamp);
        return true;
    }

    public void Reinitialize()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Initialize();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_shouldDispose)
        {
            _i2c.Dispose();
        }
    }

    private void Initialize()
    {
        Chip = ReadIdentity();

        WriteRegister(Register.Control3, (byte)(Control3Bits.SoftwareReset | Control3Bits.AutoIncrement));
        int attempt = 0;
        while ((ReadRegister(Register.Control3) & (byte)Control3Bits.SoftwareReset) != 0)
        {
            if (++attempt >= ResetPollAttempts)
            {
                throw new IOException($"{ChipName} did not finish its software reset: CTRL3_C.SW_RESET still set.");
            }

            _sleep(s_resetPollInterval);
        }

        // BLE left clear (little-endian), IF_INC for bursts, BDU so one burst is one sample.
        WriteRegister(Register.Control3, (byte)(Control3Bits.BlockDataUpdate | Control3Bits.AutoIncrement));
        WriteAccelerometerControl();
        WriteGyroscopeControl();
    }

    private LsmChip ReadIdentity()
    {
        byte whoAmI = ReadRegister(Register.WhoAmI);
        return whoAmI switch
        {
            (byte)LsmChip.Lsm6ds3 => LsmChip.Lsm6ds3,
            (byte)LsmChip.Lsm6ds3trc => LsmChip.Lsm6ds3trc,
            (byte)LsmChip.Lsm6dsox => LsmChip.Lsm6dsox,
            _ => throw new IOException(
                $"No LSM6DS3/LSM6DS3TR-C/LSM6DSOX at I2C address 0x{_i2c.ConnectionSettings.DeviceAddress:X2}: WHO_AM_I (0x0F) read 0x{whoAmI:X2}, expected 0x69, 0x6A or 0x6C."),
        };
    }

    private void WriteAccelerometerControl() =>
        WriteRegister(Register.Control1Accelerometer, (byte)(((byte)_accelerometerRate << 4) | ((byte)_accelerometerRange << 2)));

    private void WriteGyroscopeControl() =>
        WriteRegister(Register.Control2Gyroscope, (byte)(((byte)_gyroscopeRate << 4) | ((byte)_gyroscopeRange << 2)));

    // OUT_TEMP is 0 at 25 °C; 16 LSB/°C on the LSM6DS3, 256 LSB/°C on the later parts.
    private double ConvertTemperature(short raw) => (raw / (Chip == LsmChip.Lsm6ds3 ? 16.0 : 256.0)) + 25.0;

    private void UpdateScales()
    {
        double milliGPerLsb = _accelerometerRange switch
        {
            AccelerometerRange.Range2G => 0.061,
            AccelerometerRange.Range4G => 0.122,
            AccelerometerRange.Range8G => 0.244,
            _ => 0.488,
        };
        double milliDegreesPerSecondPerLsb = _gyroscopeRange switch
        {
            GyroscopeRange.Range250DegreesPerSecond => 8.75,
            GyroscopeRange.Range500DegreesPerSecond => 17.50,
            GyroscopeRange.Range1000DegreesPerSecond => 35.0,
            _ => 70.0,
        };
        _accelerometerScale = milliGPerLsb * 1e-3 * ImuReading.StandardGravity;
        _gyroscopeScale = milliDegreesPerSecondPerLsb * 1e-3 * Math.PI / 180.0;
    }

    private byte ReadRegister(Register register) => _i2c.ReadRegister((byte)register);

    private void ReadRegisters(Register first, Span<byte> destination) => _i2c.ReadRegisters((byte)first, destination);

    private void WriteRegister(Register register, byte value) => _i2c.WriteRegister((byte)register, value);
}
