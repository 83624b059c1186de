namespace EdgeLstm.Sensors.Devices.Imu;

/// <summary>
/// What the hardware source needs from an IMU binding. Bus failures surface as
/// <see cref="IOException"/> (as from <c>I2cDevice</c>); the caller decides how to retry.
/// </summary>
public interface IImuDriver : IDisposable
{
    /// <summary>The chip identified at start-up, e.g. "MPU-6050" or "LSM6DSOX".</summary>
    string ChipName { get; }

    /// <summary>
    /// Reads the latest sample in SI units (sensor axes). Returns false when the chip is not
    /// measuring (sleeping or powered down), so no sample exists.
    /// </summary>
    /// <exception cref="IOException">The bus transfer failed.</exception>
    bool TryReadSample(out ImuReading reading);

    /// <summary>
    /// Resets the chip and re-applies the current configuration (ranges, rates, filters): the cure
    /// for a chip that browned out or wedged and lost its settings.
    /// </summary>
    /// <exception cref="IOException">The bus failed or the chip no longer identifies itself.</exception>
    void Reinitialize();
}
