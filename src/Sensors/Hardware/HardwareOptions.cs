using EdgeLstm.Sensors.Devices;
using EdgeLstm.Sensors.Devices.Imu;

namespace EdgeLstm.Sensors.Hardware;

/// <summary>
/// Configuration of <see cref="HardwareSensorSource"/>: which IMU on which bus, how it is
/// mounted, which GPIO pins carry the wheel encoders, the wheel geometry and the sampling rates.
/// Plain settable properties so the host can bind it from /etc/edge-lstm; call
/// <see cref="Validate"/> once before use.
/// </summary>
public sealed class HardwareOptions
{
    /// <summary>Accepted <see cref="ImuType"/> values.</summary>
    public static IReadOnlyList<string> ImuTypes { get; } = ["mpu6050", "mpu6500", "mpu9250", "lsm6ds3", "lsm6dsox", "lsm9ds1", "none"];

    /// <summary>Accepted <see cref="EncoderType"/> values.</summary>
    public static IReadOnlyList<string> EncoderTypes { get; } = ["quadrature", "pulse", "none"];

    /// <summary>"mpu6050", "mpu6500", "mpu9250", "lsm6ds3", "lsm6dsox", "lsm9ds1" or "none". The MPU types share one binding, as do the LSM6DS types; the chip's WHO_AM_I decides the details. The LSM9DS1 (Sense HAT) has its own.</summary>
    public string ImuType { get; set; } = "mpu6050";

    /// <summary>Linux I2C bus number: 1 is /dev/i2c-1 on header pins 3 (SDA) and 5 (SCL).</summary>
    public int I2cBusId { get; set; } = 1;

    /// <summary>7-bit I2C address; null for the chip's default (0x68 MPU, 0x6A LSM).</summary>
    public int? I2cAddress { get; set; }

    /// <summary>Sensor-to-body rotation: a name such as "x-forward-z-up" or "ypr:yaw,pitch,roll" in degrees.</summary>
    public string Mounting { get; set; } = "x-forward-z-up";

    /// <summary>IMU samples a second (polled); the chip is set to sample at least this fast.</summary>
    public double ImuRateHz { get; set; } = 100;

    /// <summary>Accelerometer full scale in g: 2, 4, 8 or 16. ±4 g leaves headroom for bumps.</summary>
    public int AccelerometerRangeG { get; set; } = 4;

    /// <summary>Gyroscope full scale in °/s: 250, 500, 1000 or 2000 (LSM9DS1: 250 means its ±245, and it has no 1000).</summary>
    public int GyroscopeRangeDegreesPerSecond { get; set; } = 500;

    /// <summary>Samples averaged at start (robot still) to remove the gyro offset; 0 turns it off.</summary>
    public int GyroBiasSamples { get; set; }

    /// <summary>"quadrature" (channels A and B), "pulse" (channel A only) or "none".</summary>
    public string EncoderType { get; set; } = "quadrature";

    /// <summary>Left encoder channel A, logical (BCM) GPIO number.</summary>
    public int? LeftEncoderPinA { get; set; }

    /// <summary>Left encoder channel B (quadrature only).</summary>
    public int? LeftEncoderPinB { get; set; }

    /// <summary>Right encoder channel A, logical (BCM) GPIO number.</summary>
    public int? RightEncoderPinA { get; set; }

    /// <summary>Right encoder channel B (quadrature only).</summary>
    public int? RightEncoderPinB { get; set; }

    /// <summary>Enable the SoC's internal pull-ups (open-collector Hall encoders).</summary>
    public bool EncoderPullUp { get; set; }

    /// <summary>Ignore edges closer than this on one channel (0 = off).</summary>
    public double EncoderDebounceMicroseconds { get; set; }

    /// <summary>Negate the left count so that driving forward counts up (mirrored motors).</summary>
    public bool InvertLeftEncoder { get; set; }

    /// <summary>Negate the right count so that driving forward counts up.</summary>
    public bool InvertRightEncoder { get; set; }

    /// <summary>Encoder ticks per meter of wheel travel (after x4 decoding for quadrature).</summary>
    public double? TicksPerMeter { get; set; }

    /// <summary>Distance between the wheel contact points in meters.</summary>
    public double? TrackWidthMeters { get; set; }

    /// <summary>Wheel-tick samples a second.</summary>
    public double EncoderRateHz { get; set; } = 50;

    /// <summary>Extra attempts for a failed IMU read.</summary>
    public int MaxReadRetries { get; set; } = ImuFaultPolicy.Default.MaxRetries;

    /// <summary>Identical consecutive IMU readings that count as a stuck chip.</summary>
    public int StuckThreshold { get; set; } = ImuFaultPolicy.Default.StuckThreshold;

    /// <summary>Consecutive failed IMU samples before the chip is re-initialised.</summary>
    public int ReinitializeAfterFailures { get; set; } = ImuFaultPolicy.Default.ReinitializeAfterFailures;

    internal bool HasImu => !string.Equals(ImuType, "none", StringComparison.OrdinalIgnoreCase);

    internal bool HasEncoders => !string.Equals(EncoderType, "none", StringComparison.OrdinalIgnoreCase);

    internal bool IsQuadrature => string.Equals(EncoderType, "quadrature", StringComparison.OrdinalIgnoreCase);

    internal bool IsMpu => ImuType.StartsWith("mpu", StringComparison.OrdinalIgnoreCase);

    internal bool IsLsm9ds1 => string.Equals(ImuType, "lsm9ds1", StringComparison.OrdinalIgnoreCase);

    internal ImuFaultPolicy FaultPolicy => new(MaxReadRetries, StuckThreshold, ReinitializeAfterFailures);

    /// <summary>Every problem, each naming its option; empty when the options are usable.</summary>
    public IReadOnlyList<string> GetErrors()
    {
        var errors = new List<string>();
        if (!ImuTypes.Contains(ImuType?.ToLowerInvariant()))
        {
            errors.Add($"{nameof(ImuType)} \"{ImuType}\" is not one of {string.Join(", ", ImuTypes)}");
        }

        if (!EncoderTypes.Contains(EncoderType?.ToLowerInvariant()))
        {
            errors.Add($"{nameof(EncoderType)} \"{EncoderType}\" is not one of {string.Join(", ", EncoderTypes)}");
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        if (!HasImu && !HasEncoders)
        {
            errors.Add($"{nameof(ImuType)} and {nameof(EncoderType)} are both \"none\": there is nothing to read");
        }

        if (HasImu)
        {
            ValidateImu(errors);
        }

        if (HasEncoders)
        {
            ValidateEncoders(errors);
        }

        return errors;
    }

    /// <summary>Throws when any option is invalid, with every problem in the message.</summary>
    /// <exception cref="ArgumentException">Names each bad option and what was expected.</exception>
    public void Validate()
    {
        IReadOnlyList<string> errors = GetErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid hardware options: " + string.Join("; ", errors) + ".");
        }
    }

    private void ValidateImu(List<string> errors)
    {
        if (I2cBusId < 0)
        {
            errors.Add($"{nameof(I2cBusId)} must be 0 or more, got {I2cBusId}");
        }

        if (I2cAddress is { } address && address is < 0x08 or > 0x77)
        {
            errors.Add($"{nameof(I2cAddress)} 0x{address:X2} is outside the 7-bit range 0x08-0x77");
        }

        if (!MountingRotation.TryParse(Mounting, out _, out string mountingError))
        {
            errors.Add($"{nameof(Mounting)}: {mountingError}");
        }

        if (!double.IsFinite(ImuRateHz) || ImuRateHz is <= 0 or > 1000)
        {
            errors.Add($"{nameof(ImuRateHz)} must be above 0 and at most 1000 Hz, got {ImuRateHz}");
        }

        if (AccelerometerRangeG is not (2 or 4 or 8 or 16))
        {
            errors.Add($"{nameof(AccelerometerRangeG)} must be 2, 4, 8 or 16, got {AccelerometerRangeG}");
        }

        if (GyroscopeRangeDegreesPerSecond is not (250 or 500 or 1000 or 2000))
        {
            errors.Add($"{nameof(GyroscopeRangeDegreesPerSecond)} must be 250, 500, 1000 or 2000, got {GyroscopeRangeDegreesPerSecond}");
        }
        else if (IsLsm9ds1 && GyroscopeRangeDegreesPerSecond == 1000)
        {
            errors.Add($"{nameof(GyroscopeRangeDegreesPerSecond)} 1000 is not a range of the LSM9DS1 (250 for its ±245, 500 or 2000)");
        }

        if (GyroBiasSamples is < 0 or 1)
        {
            errors.Add($"{nameof(GyroBiasSamples)} must be 0 (off) or at least 2, got {GyroBiasSamples}");
        }

        foreach (string policyError in FaultPolicy.Validate())
        {
            errors.Add(policyError.Replace(nameof(ImuFaultPolicy.MaxRetries), nameof(MaxReadRetries), StringComparison.Ordinal));
        }
    }

    private void ValidateEncoders(List<string> errors)
    {
        var pins = new List<(string Name, int? Pin)> { (nameof(LeftEncoderPinA), LeftEncoderPinA), (nameof(RightEncoderPinA), RightEncoderPinA) };
        if (IsQuadrature)
        {
            pins.Add((nameof(LeftEncoderPinB), LeftEncoderPinB));
            pins.Add((nameof(RightEncoderPinB), RightEncoderPinB));
        }

        var seen = new Dictionary<int, string>();
        foreach ((string name, int? pin) in pins)
        {
            if (pin is null)
            {
                errors.Add($"{name} is required when {nameof(EncoderType)} is \"{EncoderType}\"");
            }
            else if (pin < 0)
            {
                errors.Add($"{name} must be a GPIO number of 0 or more, got {pin}");
            }
            else if (!seen.TryAdd(pin.Value, name))
            {
                errors.Add($"{name} uses GPIO {pin} which {seen[pin.Value]} already uses");
            }
        }

        if (TicksPerMeter is not { } ticks || !double.IsFinite(ticks) || ticks <= 0)
        {
            errors.Add($"{nameof(TicksPerMeter)} must be a positive number when encoders are used, got {TicksPerMeter?.ToString() ?? "nothing"}");
        }

        if (TrackWidthMeters is not { } track || !double.IsFinite(track) || track <= 0)
        {
            errors.Add($"{nameof(TrackWidthMeters)} must be a positive number of meters when encoders are used, got {TrackWidthMeters?.ToString() ?? "nothing"}");
        }

        if (!double.IsFinite(EncoderRateHz) || EncoderRateHz is <= 0 or > 1000)
        {
            errors.Add($"{nameof(EncoderRateHz)} must be above 0 and at most 1000 Hz, got {EncoderRateHz}");
        }

        if (!double.IsFinite(EncoderDebounceMicroseconds) || EncoderDebounceMicroseconds is < 0 or > 100_000)
        {
            errors.Add($"{nameof(EncoderDebounceMicroseconds)} must be between 0 and 100000, got {EncoderDebounceMicroseconds}");
        }
    }
}
