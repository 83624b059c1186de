using System.Buffers.Binary;
using System.Device.I2c;
using System.Numerics;
using EdgeLstm.Sensors.Devices.Imu;
using EdgeLstm.Sensors.Devices.Lsm6ds;

namespace EdgeLstm.Sensors.Devices.Lsm9ds1;

/// <summary>
/// Binding for the accelerometer and gyroscope of the ST LSM9DS1 (the Raspberry Pi Sense HAT's
/// IMU) over I2C: identity check, software reset, block data update, one rate for both sensors,
/// and two little-endian bursts a sample (temperature + gyro, then accel). Sensor axes as printed
/// on the chip; SI units. The magnetometer is a separate I2C device and is not used.
/// Written against the register map (DocID025715) rather than through Iot.Device.Bindings 4.2.0,
/// whose class reads the gyroscope 14-17 % low and ±16 g 33 % low, checks no identity, resets
/// nothing and leaves BDU off (deploy/README.md and the device README say more).
/// </summary>
public sealed class Lsm9ds1Imu : IImuDriver
{
    /// <summary>Accelerometer/gyroscope address with SDO_A/G low; the Sense HAT uses it.</summary>
    public const byte DefaultI2cAddress = 0x6A;

    /// <summary>Address with SDO_A/G high.</summary>
    public const byte SecondaryI2cAddress = 0x6B;

    /// <summary>WHO_AM_I of the accelerometer/gyroscope part.</summary>
    public const byte Identity = 0x68;

    private const byte SoftwareReset = 0x01;
    private const byte AutoIncrement = 0x04;
    private const byte BlockDataUpdate = 0x40;
    private const int ResetPollAttempts = 10;

    // SW_RESET clears itself once the registers are back at their defaults (a few µs; BOOT would
    // take 20 ms, it is not used).
    private static readonly TimeSpan s_resetPollInterval = TimeSpan.FromMilliseconds(1);

    private readonly I2cDevice _i2c;
    private readonly bool _shouldDispose;
    private readonly Action<TimeSpan> _sleep;
    private readonly Func<long> _clockNs;
    private AccelerometerRange _accelerometerRange = AccelerometerRange.Range2G;
    private Lsm9ds1GyroscopeRange _gyroscopeRange = Lsm9ds1GyroscopeRange.Range245DegreesPerSecond;
    private Lsm9ds1DataRate _dataRate = Lsm9ds1DataRate.Hz119;
    private double _accelerometerScale;
    private double _gyroscopeScale;
    private bool _disposed;

    /// <summary>Checks the identity, resets the chip and starts both sensors at 119 Hz, ±2 g, ±245 °/s.</summary>
    /// <exception cref="IOException">No LSM9DS1 answers (the message holds the WHO_AM_I value read).</exception>
    public Lsm9ds1Imu(I2cDevice i2cDevice, bool shouldDispose = true)
        : this(i2cDevice, shouldDispose, Thread.Sleep, MonotonicClock.NowNs)
    {
    }

    internal Lsm9ds1Imu(I2cDevice i2cDevice, bool shouldDispose, Action<TimeSpan> sleep, Func<long> clockNs)
    {
        _i2c = i2cDevice ?? throw new ArgumentNullException(nameof(i2cDevice));
        _shouldDispose = shouldDispose;
        _sleep = sleep;
        _clockNs = clockNs;
        UpdateScales();
        Initialize();
    }

    public string ChipName => "LSM9DS1";

    /// <summary>FS_XL; the codes are the LSM6DS family's (00 ±2 g, 01 ±16 g, 10 ±4 g, 11 ±8 g).</summary>
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

    public Lsm9ds1GyroscopeRange GyroscopeRange
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

    /// <summary>ODR_G, which the accelerometer follows; <see cref="Lsm9ds1DataRate.PowerDown"/> turns both off.</summary>
    public Lsm9ds1DataRate DataRate
    {
        get => _dataRate;
        set
        {
            I2cRegisters.ThrowIfUndefined(value);
            _dataRate = value;
            WriteGyroscopeControl();
            WriteAccelerometerControl();
        }
    }

    /// <summary>The rate in Hz of an ODR code (0 for power-down).</summary>
    public static double ToHertz(Lsm9ds1DataRate rate) => rate switch
    {
        Lsm9ds1DataRate.PowerDown => 0,
        Lsm9ds1DataRate.Hz14_9 => 14.9,
        Lsm9ds1DataRate.Hz59_5 => 59.5,
        Lsm9ds1DataRate.Hz119 => 119,
        Lsm9ds1DataRate.Hz238 => 238,
        Lsm9ds1DataRate.Hz476 => 476,
        _ => 952,
    };

    /// <summary>The slowest rate at or above <paramref name="hertz"/> (capped at 952 Hz).</summary>
    public static Lsm9ds1DataRate AtLeast(double hertz)
    {
        for (var rate = Lsm9ds1DataRate.Hz14_9; rate < Lsm9ds1DataRate.Hz952; rate++)
        {
            if (ToHertz(rate) >= hertz)
            {
                return rate;
            }
        }

        return Lsm9ds1DataRate.Hz952;
    }

    /// <summary>
    /// Temperature and gyroscope in one 9-byte burst from OUT_TEMP_L (STATUS_REG sits between
    /// them), the accelerometer in a 6-byte burst from OUT_X_L_XL; BDU keeps each axis's two bytes
    /// from one sample. False while powered down.
    /// </summary>
    public bool TryReadSample(out ImuReading reading)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_dataRate == Lsm9ds1DataRate.PowerDown)
        {
            reading = default;
            return false;
        }

        Span<byte> temperatureAndGyro = stackalloc byte[9];
        Span<byte> accel = stackalloc byte[6];
        ReadRegisters(Register.TemperatureOutLow, temperatureAndGyro);
        ReadRegisters(Register.AccelerometerXOutLow, accel);
        long timestamp = _clockNs();

        // OUT_TEMP: 16 LSB/°C, 0 at 25 °C (DocID025715 table 5).
        double temperature = (BinaryPrimitives.ReadInt16LittleEndian(temperatureAndGyro) / 16.0) + 25.0;
        Span<byte> gyro = temperatureAndGyro[3..];
        var angularVelocity = RawAxes.LittleEndian(gyro, _gyroscopeScale);
        var acceleration = RawAxes.LittleEndian(accel, _accelerometerScale);
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
        // Identity first: a reset written to another chip at 0x6A/0x6B could corrupt it.
        byte whoAmI = ReadRegister(Register.WhoAmI);
        if (whoAmI != Identity)
        {
            throw new IOException($"No LSM9DS1 at I2C address 0x{_i2c.ConnectionSettings.DeviceAddress:X2}: WHO_AM_I (0x0F) read 0x{whoAmI:X2}, expected 0x68.");
        }

        WriteRegister(Register.Control8, SoftwareReset | AutoIncrement);
        int attempt = 0;
        while ((ReadRegister(Register.Control8) & SoftwareReset) != 0)
        {
            if (++attempt >= ResetPollAttempts)
            {
                throw new IOException("LSM9DS1 did not finish its software reset: CTRL_REG8.SW_RESET still set.");
            }

            _sleep(s_resetPollInterval);
        }

        // BLE clear (little-endian), IF_ADD_INC for bursts, BDU so that a burst never mixes samples.
        WriteRegister(Register.Control8, BlockDataUpdate | AutoIncrement);
        WriteGyroscopeControl();
        WriteAccelerometerControl();
    }

    private void WriteGyroscopeControl() =>
        WriteRegister(Register.Control1Gyroscope, (byte)(((byte)_dataRate << 5) | ((byte)_gyroscopeRange << 3)));

    // ODR_XL matches ODR_G (ignored while the gyroscope runs; used if it is ever turned off alone).
    private void WriteAccelerometerControl() =>
        WriteRegister(Register.Control6Accelerometer, (byte)(((byte)_dataRate << 5) | ((byte)_accelerometerRange << 3)));

    private void UpdateScales()
    {
        // Linear sensitivities, DocID025715 table 3.
        double milliGPerLsb = _accelerometerRange switch
        {
            AccelerometerRange.Range2G => 0.061,
            AccelerometerRange.Range4G => 0.122,
            AccelerometerRange.Range8G => 0.244,
            _ => 0.732,
        };
        double milliDegreesPerSecondPerLsb = _gyroscopeRange switch
        {
            Lsm9ds1GyroscopeRange.Range245DegreesPerSecond => 8.75,
            Lsm9ds1GyroscopeRange.Range500DegreesPerSecond => 17.50,
            _ => 70.0,
        };
        _accelerometerScale = milliGPerLsb * 1e-3 * ImuReading.StandardGravity;
        _gyroscopeScale = milliDegreesPerSecondPerLsb * 1e-3 * Math.PI / 180.0;
    }

    private byte ReadRegister(Register register) => _i2c.ReadRegister((byte)register);

    // A 7-bit sub-address with a repeated start; IF_ADD_INC, not bit 7 of the sub-address (that
    // is the magnetometer's convention), advances the address.
    private void ReadRegisters(Register first, Span<byte> destination) => _i2c.ReadRegisters((byte)first, destination);

    private void WriteRegister(Register register, byte value) => _i2c.WriteRegister((byte)register, value);
}
