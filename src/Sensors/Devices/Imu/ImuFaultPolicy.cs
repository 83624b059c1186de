namespace EdgeLstm.Sensors.Devices.Imu;

/// <summary>How hard <see cref="ImuSupervisor"/> tries before it gives up on a sample or on the chip.</summary>
/// <param name="MaxRetries">Extra attempts after a failed read of one sample (a glitch on a long I2C cable is usually gone on the next transfer).</param>
/// <param name="StuckThreshold">Identical consecutive readings that mean "stuck": real sensor noise changes at least one LSB between samples.</param>
/// <param name="ReinitializeAfterFailures">Consecutive failed samples (after retries) before the chip is reset and reconfigured.</param>
/// <param name="RecoverAfterSuccesses">Consecutive good samples before a degraded IMU is reported healthy again.</param>
public sealed record ImuFaultPolicy(
    int MaxRetries = 2,
    int StuckThreshold = 10,
    int ReinitializeAfterFailures = 5,
    int RecoverAfterSuccesses = 10)
{
    public static ImuFaultPolicy Default { get; } = new();

    /// <summary>Problems with the values, each naming the bad field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxRetries is < 0 or > 100)
        {
            errors.Add($"{nameof(MaxRetries)} must be between 0 and 100, got {MaxRetries}");
        }

        if (StuckThreshold < 2)
        {
            errors.Add($"{nameof(StuckThreshold)} must be at least 2, got {StuckThreshold}");
        }

        if (ReinitializeAfterFailures < 1)
        {
            errors.Add($"{nameof(ReinitializeAfterFailures)} must be at least 1, got {ReinitializeAfterFailures}");
        }

        if (RecoverAfterSuccesses < 1)
        {
            errors.Add($"{nameof(RecoverAfterSuccesses)} must be at least 1, got {RecoverAfterSuccesses}");
        }

        return errors;
    }
}
