using System.Buffers.Binary;
using System.Device.I2c;
using System.Numerics;
using EdgeLstm.Sensors.Devices.Imu;

namespace EdgeLstm.Sensors.Devices.Mpu6050;

/// <summary>
/// Binding for the InvenSense MPU-6050 / MPU-6500 / MPU-9250 6-axis IMUs over I2C: identity
/// check, reset, ranges, low-pass filter, sample rate, single-sample burst reads and the FIFO with
/// reconstructed per-sample timestamps. Sensor axes as printed on the chip; SI units.
/// </summary>
public sealed class Mpu6xxx : IImuDriver
{
    /// <summary>Address with AD0 low; 0x69 with AD0 high.</summary>
    public const byte DefaultI2cAddress = 0x68;

    /// <summary>Address with AD0 tied high (a second IMU on the same bus).</summary>
    public const byte SecondaryI2cAddress = 0x69;

    /// <summary>Accel XYZ + gyro XYZ, 2 bytes each (FIFO_EN = ACCEL | XG | YG | ZG).</summary>
    public const int FifoFrameBytes = 12;

    // PS-MPU-6000A 4.x: start-up after DEVICE_RESET needs 100 ms before registers are writable.
    private static readonly TimeSpan s_resetDelay = TimeSpan.FromMilliseconds(100);

    // Gyro start-up time (PS-MPU-6000A 6.1, 30 ms typical) before the PLL clock is stable.
    private static readonly TimeSpan s_wakeDelay = TimeSpan.FromMilliseconds(30);

    // Frames read per I2C transfer: 16 x 12 = 192 bytes, small enough for one stackalloc and any
    // I2C adapter's transfer limit.
    private const int FifoFramesPerTransfer = 16;

    private readonly I2cDevice _i2c;
    private readonly bool _shouldDispose;
    private readonly Action<TimeSpan> _sleep;
    private readonly Func<long> _clockNs;
    private AccelerometerRange _accelerometerRange = AccelerometerRange.Range2G;
    private GyroscopeRange _gyroscopeRange = GyroscopeRange.Range250DegreesPerSecond;
    private DigitalLowPassFilter _filter = DigitalLowPassFilter.Bandwidth260Hz;
    private byte _sampleRateDivider;
    private double _accelerometerScale;
    private double _gyroscopeScale;
    private bool _fifoEnabled;
    private bool _hasFifoTimestamp;
    private long _lastFifoTimestampNs;
    private long _fifoOverflows;
    private bool _disposed;

    /// <summary>Checks the chip's identity, resets it and wakes it on the gyro PLL clock.</summary>
    /// <exception cref="IOException">No MPU-6050/6500/9250 answers (the message holds the WHO_AM_I value read).</exception>
    public Mpu6xxx(I2cDevice i2cDevice, bool shouldDispose = true)
        : this(i2cDevice, shouldDispose, Thread.Sleep, MonotonicClock.NowNs)
    {
    }

    /// <summary>For tests: a fake sleep keeps resets instant, a fake clock makes FIFO timestamps exact.</summary>
    internal Mpu6xxx(I2cDevice i2cDevice, bool shouldDispose, Action<TimeSpan> sleep, Func<long> clockNs)
    {
        _i2c = i2cDevice ?? throw new ArgumentNullException(nameof(i2cDevice));
        _shouldDispose = shouldDispose;
        _sleep = sleep;
        _clockNs = clockNs;
        UpdateScales();
        Initialize();
    }

    public MpuChip Chip { get; private set; }

    public string ChipName => Chip switch
    {
        MpuChip.Mpu6500 => "MPU-6500",
        MpuChip.Mpu9250 => "MPU-9250",
        _ => "MPU-6050",
    };

    /// <summary>Full scale of the accelerometer; written to ACCEL_CONFIG at once.</summary>
    public AccelerometerRange AccelerometerRange
    {
        get => _accelerometerRange;
        set
        {
            I2cRegisters.ThrowIfUndefined(value);
            WriteRegister(Register.AccelerometerConfiguration, (byte)((byte)value << 3));
            _accelerometerRange = value;
            UpdateScales();
        }
    }

    /// <summary>Full scale of the gyroscope; written to GYRO_CONFIG at once.</summary>
    public GyroscopeRange GyroscopeRange
    {
        get => _gyroscopeRange;
        set
        {
            I2cRegisters.ThrowIfUndefined(value);
            WriteRegister(Register.GyroscopeConfiguration, (byte)((byte)value << 3));
            _gyroscopeRange = value;
            UpdateScales();
        }
    }

    /// <summary>CONFIG DLPF_CFG; also selects the 8 kHz or 1 kHz internal gyro rate.</summary>
    public DigitalLowPassFilter DigitalLowPassFilter
    {
        get => _filter;
        set
        {
            I2cRegisters.ThrowIfUndefined(value);
            WriteRegister(Register.Configuration, (byte)value);
            _filter = value;
            _hasFifoTimestamp = false;
        }
    }

    /// <summary>SMPLRT_DIV: sample rate = <see cref="InternalSampleRateHz"/> / (1 + divider).</summary>
    public byte SampleRateDivider
    {
        get => _sampleRateDivider;
        set
        {
            WriteRegister(Register.SampleRateDivider, value);
            _sampleRateDivider = value;
            _hasFifoTimestamp = false;
        }
    }

    /// <summary>Gyro output rate before the divider: 8 kHz with DLPF_CFG 0, otherwise 1 kHz (RM 4.2).</summary>
    public double InternalSampleRateHz => _filter == DigitalLowPassFilter.Bandwidth260Hz ? 8000.0 : 1000.0;

    /// <summary>Rate at which output registers and the FIFO are updated.</summary>
    public double SampleRateHz => InternalSampleRateHz / (1 + _sampleRateDivider);

    public bool FifoEnabled => _fifoEnabled;

    /// <summary>FIFO overflows seen by <see cref="ReadFifo"/> (each one lost samples and reset the FIFO).</summary>
    public long FifoOverflows => Interlocked.Read(ref _fifoOverflows);

    /// <summary>
    /// One 14-byte burst from ACCEL_XOUT_H (accel, temperature, gyro share one sampling instant
    /// only when read in a single transfer), converted to m/s², °C and rad/s.
    /// </summary>
    public bool TryReadSample(out ImuReading reading)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> raw = stackalloc byte[14];
        ReadRegisters(Register.AccelerometerXOutHigh, raw);
        long timestamp = _clockNs();
        var acceleration = RawAxes.BigEndian(raw, _accelerometerScale);
        double temperature = ConvertTemperature(BinaryPrimitives.ReadInt16BigEndian(raw[6..]));
        var angularVelocity = RawAxes.BigEndian(raw[8..], _gyroscopeScale);
        reading = new ImuReading(acceleration, angularVelocity, temperature, timestamp);
        return true;
    }

    /// <summary>
    /// Starts buffering accel + gyro frames (12 bytes each) at <see cref="SampleRateHz"/>: no sample
    /// is lost between reads, and each gets a timestamp on the chip's own sample grid.
    /// </summary>
    public void EnableFifo()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // FIFO_RESET only acts while USER_CTRL.FIFO_EN is clear (RM 4.27).
        WriteRegister(Register.FifoEnable, (byte)FifoSourceBits.None);
        WriteRegister(Register.UserControl, (byte)UserControlBits.FifoReset);
        WriteRegister(Register.FifoEnable, (byte)(FifoSourceBits.Accelerometer | FifoSourceBits.GyroscopeX | FifoSourceBits.GyroscopeY | FifoSourceBits.GyroscopeZ));
        WriteRegister(Register.UserControl, (byte)UserControlBits.FifoEnable);
        ReadRegister(Register.InterruptStatus); // clear a stale overflow flag
        _fifoEnabled = true;
        _hasFifoTimestamp = false;
    }

    public void DisableFifo()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        WriteRegister(Register.UserControl, (byte)UserControlBits.None);
        WriteRegister(Register.FifoEnable, (byte)FifoSourceBits.None);
        _fifoEnabled = false;
    }

    /// <summary>
    /// Moves whole frames from the FIFO into <paramref name="destination"/>, oldest first, and
    /// returns how many. Timestamps are spaced by the sample period and anchored so the newest
    /// frame in the FIFO was sampled "now". After an overflow the frame boundaries are lost
    /// (1024 is not a multiple of 12), so the FIFO is reset, the overflow counted and 0 returned.
    /// </summary>
    public int ReadFifo(Span<ImuReading> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_fifoEnabled)
        {
            throw new InvalidOperationException("The FIFO is not enabled; call EnableFifo first.");
        }

        var status = (InterruptStatusBits)ReadRegister(Register.InterruptStatus);
        if ((status & InterruptStatusBits.FifoOverflow) != 0)
        {
            Interlocked.Increment(ref _fifoOverflows);
            ResetFifo();
            return 0;
        }

        Span<byte> countBytes = stackalloc byte[2];
        ReadRegisters(Register.FifoCountHigh, countBytes);
        long now = _clockNs();
        int available = BinaryPrimitives.ReadUInt16BigEndian(countBytes) / FifoFrameBytes;
        int frames = Math.Min(available, destination.Length);
        if (frames == 0)
        {
            return 0;
        }

        long period = (long)Math.Round(Events.Time.NanosPerSecond / SampleRateHz);
        long first = FirstFifoTimestamp(now, available, period);

        Span<byte> raw = stackalloc byte[FifoFramesPerTransfer * FifoFrameBytes];
        for (int done = 0; done < frames;)
        {
            int chunk = Math.Min(FifoFramesPerTransfer, frames - done);
            Span<byte> bytes = raw[..(chunk * FifoFrameBytes)];
            ReadRegisters(Register.FifoReadWrite, bytes);
            for (int i = 0; i < chunk; i++)
            {
                Span<byte> frame = bytes.Slice(i * FifoFrameBytes, FifoFrameBytes);
                destination[done + i] = DecodeFifoFrame(frame, first + ((done + i) * period));
            }

            done += chunk;
        }

        _lastFifoTimestampNs = first + ((frames - 1) * period);
        _hasFifoTimestamp = true;
        return frames;
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
        // Identity first: 0x68 is also the DS3231 RTC's address, and a reset written to a
        // foreign chip's 0x6B could corrupt it.
        Chip = ReadIdentity();

        WriteRegister(Register.PowerManagement1, (byte)PowerManagementBits.DeviceReset);
        _sleep(s_resetDelay);

        // The MPU-6500 register map asks for a signal-path reset after DEVICE_RESET (RM-MPU-6500A 4.45);
        // harmless on the MPU-6050.
        WriteRegister(Register.SignalPathReset, 0x07);
        _sleep(s_resetDelay);

        // DEVICE_RESET leaves SLEEP set; clearing it with CLKSEL = PLL wakes the chip.
        WriteRegister(Register.PowerManagement1, (byte)PowerManagementBits.ClockPllXGyro);
        _sleep(s_wakeDelay);

        if ((ReadRegister(Register.PowerManagement1) & (byte)PowerManagementBits.Sleep) != 0)
        {
            throw new IOException($"{ChipName} did not wake up: PWR_MGMT_1 still has SLEEP set.");
        }

        // Re-apply the configuration: a reset (or a brown-out that caused the re-init) restored defaults.
        WriteRegister(Register.SampleRateDivider, _sampleRateDivider);
        WriteRegister(Register.Configuration, (byte)_filter);
        WriteRegister(Register.GyroscopeConfiguration, (byte)((byte)_gyroscopeRange << 3));
        WriteRegister(Register.AccelerometerConfiguration, (byte)((byte)_accelerometerRange << 3));
        if (_fifoEnabled)
        {
            EnableFifo();
        }
    }

    private MpuChip ReadIdentity()
    {
        byte whoAmI = ReadRegister(Register.WhoAmI);
        return whoAmI switch
        {
            (byte)MpuChip.Mpu6050 => MpuChip.Mpu6050,
            (byte)MpuChip.Mpu6500 => MpuChip.Mpu6500,
            (byte)MpuChip.Mpu9250 => MpuChip.Mpu9250,
            _ => throw new IOException(
                $"No MPU-6050/6500/9250 at I2C address 0x{_i2c.ConnectionSettings.DeviceAddress:X2}: WHO_AM_I (0x75) read 0x{whoAmI:X2}, expected 0x68, 0x70 or 0x71."),
        };
    }

    private long FirstFifoTimestamp(long now, int available, long period)
    {
        // The newest frame in the FIFO was sampled at most one period before "now".
        long anchored = now - ((available - 1) * period);
        if (!_hasFifoTimestamp)
        {
            return anchored;
        }

        // Continue the previous grid so timestamps stay evenly spaced; nudge it a sixteenth of the
        // way toward the anchor to follow the chip's oscillator (±1 % or so) without jitter. A jump
        // of more than two periods means frames were lost or the clock stalled: re-anchor.
        long continued = _lastFifoTimestampNs + period;
        long error = anchored - continued;
        long first = Math.Abs(error) > 2 * period ? anchored : continued + (error / 16);
        return Math.Max(first, _lastFifoTimestampNs + 1);
    }

    private ImuReading DecodeFifoFrame(ReadOnlySpan<byte> frame, long timestampNs) => new(
        RawAxes.BigEndian(frame, _accelerometerScale),
        RawAxes.BigEndian(frame[6..], _gyroscopeScale),
        double.NaN,
        timestampNs);

    private void ResetFifo()
    {
        WriteRegister(Register.UserControl, (byte)UserControlBits.None);
        WriteRegister(Register.UserControl, (byte)UserControlBits.FifoReset);
        WriteRegister(Register.UserControl, (byte)UserControlBits.FifoEnable);
        _hasFifoTimestamp = false;
    }

    private double ConvertTemperature(short raw) => Chip == MpuChip.Mpu6050
        ? (raw / 340.0) + 36.53   // PS-MPU-6000A 6.4 / RM-MPU-6000A 4.18
        : (raw / 333.87) + 21.0;  // RM-MPU-6500A 4.23: (TEMP_OUT - RoomTemp_Offset) / 333.87 + 21, offset 0

    private void UpdateScales()
    {
        // Datasheet sensitivities (LSB per g, LSB per °/s), PS-MPU-6000A 6.1-6.2.
        double lsbPerG = _accelerometerRange switch
        {
            AccelerometerRange.Range2G => 16384.0,
            AccelerometerRange.Range4G => 8192.0,
            AccelerometerRange.Range8G => 4096.0,
            _ => 2048.0,
        };
        double lsbPerDegreePerSecond = _gyroscopeRange switch
        {
            GyroscopeRange.Range250DegreesPerSecond => 131.0,
            GyroscopeRange.Range500DegreesPerSecond => 65.5,
            GyroscopeRange.Range1000DegreesPerSecond => 32.8,
            _ => 16.4,
        };
        _accelerometerScale = ImuReading.StandardGravity / lsbPerG;
        _gyroscopeScale = Math.PI / 180.0 / lsbPerDegreePerSecond;
    }

    private byte ReadRegister(Register register) => _i2c.ReadRegister((byte)register);

    private void ReadRegisters(Register first, Span<byte> destination) => _i2c.ReadRegisters((byte)first, destination);

    private void WriteRegister(Register register, byte value) => _i2c.WriteRegister((byte)register, value);
}
