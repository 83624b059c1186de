using System.Numerics;

namespace EdgeLstm.Sensors.Devices.Imu;

/// <summary>
/// Estimates the gyroscope's zero-rate offset by averaging samples taken while the robot stands
/// still. MEMS gyros drift by a few tenths of a degree per second with temperature; a yaw rate
/// integrated for the LSTM's odometry inherits that offset, so it is measured at start-up.
/// Refuses (with a reason) when the samples show motion, because averaging a turn would bake the
/// turn into every later reading.
/// </summary>
public sealed class GyroBiasEstimator
{
    private readonly RunningStatistics _gx = new();
    private readonly RunningStatistics _gy = new();
    private readonly RunningStatistics _gz = new();
    private readonly RunningStatistics _accelNorm = new();
    private double _minNorm = double.PositiveInfinity;
    private double _maxNorm = double.NegativeInfinity;

    /// <param name="sampleCount">Samples to average (e.g. 2 s at 100 Hz = 200).</param>
    /// <param name="maxGyroStdDev">Largest per-axis standard deviation (rad/s) still called "still"; MEMS noise at rest is about 0.002-0.005 rad/s.</param>
    /// <param name="maxAccelNormDeviation">Largest deviation (m/s²) of |a| from its mean still called "still": a push or a bump shows here even when the gyro misses it.</param>
    public GyroBiasEstimator(int sampleCount = 200, double maxGyroStdDev = 0.02, double maxAccelNormDeviation = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleCount, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxGyroStdDev);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAccelNormDeviation);
        SampleCount = sampleCount;
        MaxGyroStdDev = maxGyroStdDev;
        MaxAccelNormDeviation = maxAccelNormDeviation;
    }

    public int SampleCount { get; }

    public double MaxGyroStdDev { get; }

    public double MaxAccelNormDeviation { get; }

    /// <summary>Samples added since construction or the last <see cref="Reset"/>.</summary>
    public int Count => _gx.Count;

    public bool IsComplete => Count >= SampleCount;

    /// <summary>Adds a sample; samples beyond <see cref="SampleCount"/> are ignored.</summary>
    public void Add(in ImuReading reading)
    {
        if (IsComplete)
        {
            return;
        }

        _gx.Add(reading.AngularVelocity.X);
        _gy.Add(reading.AngularVelocity.Y);
        _gz.Add(reading.AngularVelocity.Z);
        double norm = reading.Acceleration.Length();
        _accelNorm.Add(norm);
        _minNorm = Math.Min(_minNorm, norm);
        _maxNorm = Math.Max(_maxNorm, norm);
    }

    /// <summary>
    /// The mean angular velocity (to subtract from later readings) when enough still samples were
    /// collected; otherwise false and why.
    /// </summary>
    public bool TryGetBias(out Vector3 bias, out string reason)
    {
        bias = Vector3.Zero;
        if (!IsComplete)
        {
            reason = $"only {Count} of {SampleCount} samples collected";
            return false;
        }

        ReadOnlySpan<char> axes = ['x', 'y', 'z'];
        RunningStatistics[] gyro = [_gx, _gy, _gz];
        for (int i = 0; i < 3; i++)
        {
            if (gyro[i].StandardDeviation > MaxGyroStdDev)
            {
                reason = $"motion detected: gyro {axes[i]} standard deviation {gyro[i].StandardDeviation:G3} rad/s exceeds {MaxGyroStdDev:G3} rad/s";
                return false;
            }
        }

        double deviation = Math.Max(_maxNorm - _accelNorm.Mean, _accelNorm.Mean - _minNorm);
        if (deviation > MaxAccelNormDeviation)
        {
            reason = $"motion detected: accelerometer norm deviates {deviation:G3} m/s² from its mean {_accelNorm.Mean:G4} m/s² (limit {MaxAccelNormDeviation:G3} m/s²)";
            return false;
        }

        bias = new Vector3((float)_gx.Mean, (float)_gy.Mean, (float)_gz.Mean);
        reason = string.Empty;
        return true;
    }

    /// <summary>Discards all samples, e.g. to try again after motion was detected.</summary>
    public void Reset()
    {
        _gx.Clear();
        _gy.Clear();
        _gz.Clear();
        _accelNorm.Clear();
        _minNorm = double.PositiveInfinity;
        _maxNorm = double.NegativeInfinity;
    }

    /// <summary>Welford's running mean and variance: one pass, no stored samples, numerically stable.</summary>
    private sealed class RunningStatistics
    {
        private double _m2;

        public int Count { get; private set; }

        public double Mean { get; private set; }

        public double StandardDeviation => Count > 1 ? Math.Sqrt(_m2 / (Count - 1)) : 0;

        public void Add(double value)
        {
            Count++;
            double delta = value - Mean;
            Mean += delta / Count;
            _m2 += delta * (value - Mean);
        }

        public void Clear()
        {
            Count = 0;
            Mean = 0;
            _m2 = 0;
        }
    }
}
