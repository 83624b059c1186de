using System.Device.Gpio;
using System.Device.I2c;
using System.Globalization;
using System.Numerics;
using EdgeLstm.Sensors.Devices;
using EdgeLstm.Sensors.Devices.Encoders;
using EdgeLstm.Sensors.Devices.Imu;
using EdgeLstm.Sensors.Devices.Lsm6ds;
using EdgeLstm.Sensors.Devices.Lsm9ds1;
using EdgeLstm.Sensors.Devices.Mpu6050;
using EdgeLstm.Sensors.Devices.Smbus;
using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Hardware;

/// <summary>
/// Live sensor source on a Raspberry Pi: an I2C IMU polled at <see cref="HardwareOptions.ImuRateHz"/>
/// and two GPIO wheel encoders sampled at <see cref="HardwareOptions.EncoderRateHz"/>, as
/// <see cref="SensorEvent.Imu"/> (body frame, SI) and <see cref="SensorEvent.WheelTicks"/> events
/// with monotonic Stopwatch timestamps. Sensor faults never escape <see cref="ReadEvents"/>: they
/// are retried, counted, cured by re-initialisation where possible and reported in
/// <see cref="Health"/>. Configuration errors and a missing chip at start-up do throw, from the
/// constructor, because no amount of retrying fixes a wrong address.
/// </summary>
public sealed class HardwareSensorSource : ISensorSource, IDisposable
{
    private readonly HardwareOptions _options;
    private readonly Func<long> _clockNs;
    private readonly GpioController? _ownedGpio;
    private readonly IImuDriver? _imuDriver;
    private readonly ImuSupervisor? _imu;
    private readonly MountingRotation _mounting;
    private readonly GyroBiasEstimator? _biasEstimator;
    private readonly IWheelEncoder? _leftEncoder;
    private readonly IWheelEncoder? _rightEncoder;
    private readonly WheelOdometry? _odometry;
    private readonly EncoderHealthMonitor? _leftHealth;
    private readonly EncoderHealthMonitor? _rightHealth;
    private Vector3 _gyroBias;
    private volatile bool _hasGyroBias;
    private bool _disposed;

    /// <param name="options">Validated here; invalid options throw <see cref="ArgumentException"/> naming each bad option.</param>
    /// <param name="i2cFactory">Opens the IMU's I2C device; null for /dev/i2c-&lt;bus&gt; at the configured address. Tests pass a simulated chip.</param>
    /// <param name="gpio">Controller for the encoder pins, owned by the caller; null to open the board's own (owned and disposed here).</param>
    /// <exception cref="IOException">The IMU is absent or is not the configured kind.</exception>
    public HardwareSensorSource(HardwareOptions options, Func<I2cDevice>? i2cFactory = null, GpioController? gpio = null)
        : this(options, i2cFactory, gpio, Thread.Sleep, MonotonicClock.NowNs)
    {
    }

    internal HardwareSensorSource(HardwareOptions options, Func<I2cDevice>? i2cFactory, GpioController? gpio, Action<TimeSpan> sleep, Func<long> clockNs)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _clockNs = clockNs;
        _mounting = MountingRotation.Parse(options.Mounting);

        try
        {
            if (options.HasImu)
            {
                i2cFactory ??= () => I2cDeviceOpener.Open(options.I2cBusId, options.I2cAddress ?? HardwareDrivers.DefaultAddress(options));
                _imuDriver = HardwareDrivers.CreateImu(options, i2cFactory, sleep, clockNs);
                _imu = new ImuSupervisor(_imuDriver, options.FaultPolicy);
                if (options.GyroBiasSamples > 0)
                {
                    _biasEstimator = new GyroBiasEstimator(options.GyroBiasSamples);
                }
            }

            if (options.HasEncoders)
            {
                if (gpio is null)
                {
                    _ownedGpio = new GpioController();
                    gpio = _ownedGpio;
                }

                _leftEncoder = HardwareDrivers.CreateEncoder(options, gpio, options.LeftEncoderPinA!.Value, options.LeftEncoderPinB, clockNs);
                _rightEncoder = HardwareDrivers.CreateEncoder(options, gpio, options.RightEncoderPinA!.Value, options.RightEncoderPinB, clockNs);
                _odometry = new WheelOdometry(_leftEncoder, _rightEncoder, options.TicksPerMeter!.Value, options.TrackWidthMeters!.Value, options.InvertLeftEncoder, options.InvertRightEncoder);
                _leftHealth = new EncoderHealthMonitor(_leftEncoder, "left encoder", EncoderHealthMonitor.DefaultQuietPeriod, clockNs);
                _rightHealth = new EncoderHealthMonitor(_rightEncoder, "right encoder", EncoderHealthMonitor.DefaultQuietPeriod, clockNs);
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        Geometry = options.HasEncoders ? new RobotGeometry(options.TicksPerMeter, options.TrackWidthMeters) : RobotGeometry.Unknown;
        var kinds = new HashSet<SensorEventKind>();
        if (_imu is not null)
        {
            kinds.Add(SensorEventKind.Imu);
        }

        if (_odometry is not null)
        {
            kinds.Add(SensorEventKind.WheelTicks);
        }

        Kinds = kinds;
        Metadata = BuildMetadata();
    }

    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; }

    public RobotGeometry Geometry { get; }

    public IReadOnlySet<SensorEventKind> Kinds { get; }

    /// <summary>The IMU binding in use (null when <see cref="HardwareOptions.ImuType"/> is "none").</summary>
    public IImuDriver? ImuDriver => _imuDriver;

    /// <summary>
    /// Ok, or Degraded with every reason: the IMU failing, stuck or being re-initialised, or a wheel
    /// encoder that missed edges in the last few seconds. Safe from any thread.
    /// </summary>
    public SensorHealth Health
    {
        get
        {
            SensorHealth imu = _imu?.Health ?? SensorHealth.Healthy;
            SensorHealth left = _leftHealth?.Health ?? SensorHealth.Healthy;
            SensorHealth right = _rightHealth?.Health ?? SensorHealth.Healthy;
            if (imu.IsOk && left.IsOk && right.IsOk)
            {
                return SensorHealth.Healthy;
            }

            var reasons = new List<string>(3);
            if (!imu.IsOk)
            {
                reasons.Add("imu: " + imu.Reason);
            }

            if (!left.IsOk)
            {
                reasons.Add(left.Reason);
            }

            if (!right.IsOk)
            {
                reasons.Add(right.Reason);
            }

            return SensorHealth.Degraded(string.Join("; ", reasons));
        }
    }

    /// <summary>Failed I2C transfers, each retry counted.</summary>
    public long ReadErrors => _imu?.ReadErrors ?? 0;

    /// <summary>IMU samples dropped as stuck (identical values too many times in a row).</summary>
    public long StuckReadings => _imu?.StuckReadings ?? 0;

    /// <summary>Successful IMU re-initialisations after repeated failures.</summary>
    public long Reinitializations => _imu?.Reinitializations ?? 0;

    /// <summary>Re-initialisations that failed; the source keeps trying.</summary>
    public long FailedReinitializations => _imu?.FailedReinitializations ?? 0;

    /// <summary>Undecodable encoder transitions, both wheels; counted, never fatal.</summary>
    public long EncoderIllegalTransitions => (_leftEncoder?.IllegalTransitions ?? 0) + (_rightEncoder?.IllegalTransitions ?? 0);

    /// <summary>The gyro offset subtracted from every reading, once estimated (body frame, rad/s).</summary>
    public Vector3? GyroBias => _hasGyroBias ? _gyroBias : null;

    /// <summary>
    /// For pulse encoders: the sign each wheel's ticks take from now on, normally the sign of the
    /// motor command (0 for stopped). Ignored for quadrature encoders, which know their direction.
    /// </summary>
    public void SetWheelDirections(int left, int right)
    {
        if (_leftEncoder is PulseEncoder leftPulse)
        {
            leftPulse.DirectionSign = left;
        }

        if (_rightEncoder is PulseEncoder rightPulse)
        {
            rightPulse.DirectionSign = right;
        }
    }

    /// <summary>
    /// Samples until cancelled, yielding IMU and wheel-tick events at their rates in
    /// non-decreasing time order. A failed IMU sample is skipped, never thrown.
    /// </summary>
    public IEnumerable<SensorEvent> ReadEvents(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long imuPeriod = _imu is null ? long.MaxValue : (long)(Time.NanosPerSecond / _options.ImuRateHz);
        long encoderPeriod = _odometry is null ? long.MaxValue : (long)(Time.NanosPerSecond / _options.EncoderRateHz);
        long start = _clockNs();
        long nextImu = start;
        long nextEncoder = start;
        long lastTimestamp = long.MinValue;

        while (!cancellationToken.IsCancellationRequested && !_disposed)
        {
            long now = _clockNs();
            long due = Math.Min(_imu is null ? long.MaxValue : nextImu, _odometry is null ? long.MaxValue : nextEncoder);
            if (due > now)
            {
                Wait(due - now, cancellationToken);
                continue;
            }

            if (_imu is not null && now >= nextImu)
            {
                nextImu = NextDue(nextImu, imuPeriod, now);
                if (TryReadImu(out ImuReading body))
                {
                    lastTimestamp = Math.Max(lastTimestamp, body.TimestampNs);
                    yield return SensorEvent.Imu(
                        lastTimestamp,
                        body.Acceleration.X,
                        body.Acceleration.Y,
                        body.Acceleration.Z,
                        body.AngularVelocity.X,
                        body.AngularVelocity.Y,
                        body.AngularVelocity.Z);
                }
            }

            if (_odometry is not null && now >= nextEncoder)
            {
                nextEncoder = NextDue(nextEncoder, encoderPeriod, now);
                lastTimestamp = Math.Max(lastTimestamp, _clockNs());
                WheelOdometrySample sample = _odometry.Sample(lastTimestamp);
                yield return SensorEvent.WheelTicks(lastTimestamp, sample.TicksLeft, sample.TicksRight);
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _imuDriver?.Dispose();
        _leftEncoder?.Dispose();
        _rightEncoder?.Dispose();
        if (_ownedGpio is { } gpio)
        {
            GpioRelease.Quietly(gpio.Dispose);
        }
    }

    private bool TryReadImu(out ImuReading body)
    {
        if (!_imu!.TryRead(out ImuReading sensor))
        {
            body = default;
            return false;
        }

        body = _mounting.Apply(sensor);
        if (_biasEstimator is not null && !_hasGyroBias)
        {
            _biasEstimator.Add(body);
            if (_biasEstimator.IsComplete)
            {
                // Motion during the window: start over rather than bake a turn into every reading.
                if (_biasEstimator.TryGetBias(out Vector3 bias, out _))
                {
                    _gyroBias = bias;
                    _hasGyroBias = true;
                }
                else
                {
                    _biasEstimator.Reset();
                }
            }
        }

        if (_hasGyroBias)
        {
            body = body with { AngularVelocity = body.AngularVelocity - _gyroBias };
        }

        return true;
    }

    // Keeps a fixed grid, but after a stall (slow bus, paused process) skips the missed slots
    // instead of firing a burst of back-to-back reads.
    private static long NextDue(long due, long period, long now)
    {
        long next = due + period;
        return next <= now ? now + period : next;
    }

    private static void Wait(long nanoseconds, CancellationToken cancellationToken)
    {
        // WaitOne takes whole milliseconds; round up so the loop never spins.
        int milliseconds = (int)Math.Clamp((nanoseconds + 999_999) / 1_000_000, 1, 1000);
        cancellationToken.WaitHandle.WaitOne(milliseconds);
    }

    private List<KeyValuePair<string, string>> BuildMetadata()
    {
        var metadata = new List<KeyValuePair<string, string>> { new("source", "hardware") };
        if (_imuDriver is not null)
        {
            metadata.Add(new("imu", _imuDriver.ChipName));
            metadata.Add(new("imu_mounting", _mounting.Description));
            metadata.Add(new("imu_rate_hz", _options.ImuRateHz.ToString(CultureInfo.InvariantCulture)));
        }

        if (_odometry is not null)
        {
            metadata.Add(new("encoder", _options.EncoderType.ToLowerInvariant()));
            metadata.Add(new("encoder_rate_hz", _options.EncoderRateHz.ToString(CultureInfo.InvariantCulture)));
            metadata.Add(new("ticks_per_meter", _odometry.TicksPerMeter.ToString(CultureInfo.InvariantCulture)));
            metadata.Add(new("track_width_m", _odometry.TrackWidthMeters.ToString(CultureInfo.InvariantCulture)));
        }

        return metadata;
    }
}
