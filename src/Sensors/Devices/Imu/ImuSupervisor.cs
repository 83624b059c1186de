namespace EdgeLstm.Sensors.Devices.Imu;

/// <summary>
/// Keeps an IMU useful through bus faults and wedged chips: bounded retries per sample,
/// stuck-value detection, re-initialisation after repeated failures, and counters and a
/// <see cref="SensorHealth"/> for the status topic. <see cref="TryRead"/> never throws for a
/// sensor fault, so one loose wire cannot stop the prediction loop.
/// </summary>
/// <remarks>Call <see cref="TryRead"/> from one thread; counters and health may be read from any.</remarks>
public sealed class ImuSupervisor
{
    private readonly IImuDriver _driver;
    private readonly ImuFaultPolicy _policy;
    private ImuReading _previous;
    private bool _hasPrevious;
    private int _identicalRun;
    private int _consecutiveFailures;
    private int _successRun;
    private long _readErrors;
    private long _stuckReadings;
    private long _reinitializations;
    private long _failedReinitializations;
    private volatile SensorHealth _health = SensorHealth.Healthy;

    public ImuSupervisor(IImuDriver driver, ImuFaultPolicy? policy = null)
    {
        _driver = driver;
        _policy = policy ?? ImuFaultPolicy.Default;
        IReadOnlyList<string> errors = _policy.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(policy));
        }
    }

    public IImuDriver Driver => _driver;

    /// <summary>I2C transfers that threw, each retry counted.</summary>
    public long ReadErrors => Interlocked.Read(ref _readErrors);

    /// <summary>Samples rejected because the chip repeated identical values too often.</summary>
    public long StuckReadings => Interlocked.Read(ref _stuckReadings);

    /// <summary>Successful chip re-initialisations.</summary>
    public long Reinitializations => Interlocked.Read(ref _reinitializations);

    /// <summary>Re-initialisations that themselves failed (chip absent, wrong identity).</summary>
    public long FailedReinitializations => Interlocked.Read(ref _failedReinitializations);

    public SensorHealth Health => _health;

    /// <summary>
    /// Reads one sample, retrying bus errors up to the policy's limit. False when no trustworthy
    /// sample could be had this time; the reason is in <see cref="Health"/>.
    /// </summary>
    public bool TryRead(out ImuReading reading)
    {
        string? failure = null;
        for (int attempt = 0; attempt <= _policy.MaxRetries; attempt++)
        {
            try
            {
                if (_driver.TryReadSample(out reading))
                {
                    return Accept(reading, out reading);
                }

                failure = $"{_driver.ChipName} is not measuring (asleep or powered down)";
                break;
            }
            catch (IOException ex)
            {
                Interlocked.Increment(ref _readErrors);
                failure = $"{_driver.ChipName} read failed {attempt + 1} time(s): {ex.Message}";
            }
        }

        reading = default;
        RecordFailure(failure ?? "no sample");
        return false;
    }

    private bool Accept(ImuReading candidate, out ImuReading reading)
    {
        _identicalRun = _hasPrevious && candidate.HasSameValues(_previous) ? _identicalRun + 1 : 1;
        _previous = candidate;
        _hasPrevious = true;
        if (_identicalRun >= _policy.StuckThreshold)
        {
            Interlocked.Increment(ref _stuckReadings);
            reading = default;
            RecordFailure($"{_driver.ChipName} returned identical values {_identicalRun} times in a row (stuck)");
            return false;
        }

        reading = candidate;
        _consecutiveFailures = 0;
        if (!_health.IsOk && ++_successRun >= _policy.RecoverAfterSuccesses)
        {
            _health = SensorHealth.Healthy;
        }

        return true;
    }

    private void RecordFailure(string reason)
    {
        _successRun = 0;
        _consecutiveFailures++;
        _health = SensorHealth.Degraded(reason);
        if (_consecutiveFailures < _policy.ReinitializeAfterFailures)
        {
            return;
        }

        // Start a fresh count either way: a chip that cannot be re-initialised now gets another
        // chance after the next run of failures instead of a reset on every sample.
        _consecutiveFailures = 0;
        _identicalRun = 0;
        _hasPrevious = false;
        try
        {
            _driver.Reinitialize();
            Interlocked.Increment(ref _reinitializations);
            _health = SensorHealth.Degraded($"{reason}; chip re-initialised");
        }
        catch (IOException ex)
        {
            Interlocked.Increment(ref _failedReinitializations);
            _health = SensorHealth.Degraded($"{reason}; re-initialisation failed: {ex.Message}");
        }
    }
}
