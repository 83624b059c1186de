namespace EdgeLstm.Tools.Data;

/// <summary>
/// A time series of poses (ground truth or dead-reckoned odometry), interpolated linearly with the
/// yaw unwrapped, so that "where was the robot at time t" has one answer between samples.
/// </summary>
public sealed class PoseTrack
{
    private readonly long[] _times;
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _yaw;

    public PoseTrack(IReadOnlyList<(long TimeNs, double X, double Y, double Yaw)> samples)
    {
        _times = new long[samples.Count];
        _x = new double[samples.Count];
        _y = new double[samples.Count];
        _yaw = new double[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            _times[i] = samples[i].TimeNs;
            _x[i] = samples[i].X;
            _y[i] = samples[i].Y;

            // Unwrap: each yaw continues the previous one by the shortest turn.
            _yaw[i] = i == 0 ? samples[i].Yaw : _yaw[i - 1] + Math.IEEERemainder(samples[i].Yaw - samples[i - 1].Yaw, 2 * Math.PI);
        }
    }

    public int Count => _times.Length;

    public long StartNs => _times.Length == 0 ? long.MaxValue : _times[0];

    public long EndNs => _times.Length == 0 ? long.MinValue : _times[^1];

    /// <summary>
    /// The pose at <paramref name="timeNs"/> if it lies within the track and the samples around it
    /// are no further apart than <paramref name="maxGapNs"/>.
    /// </summary>
    public bool TryAt(long timeNs, long maxGapNs, out double x, out double y, out double yaw)
    {
        x = y = yaw = 0;
        if (_times.Length == 0 || timeNs < _times[0] || timeNs > _times[^1])
        {
            return false;
        }

        var i = Array.BinarySearch(_times, timeNs);
        if (i >= 0)
        {
            // Several samples may share a time stamp; any of them is the pose then.
            (x, y, yaw) = (_x[i], _y[i], _yaw[i]);
            return true;
        }

        var after = ~i;
        var before = after - 1;
        var span = _times[after] - _times[before];
        if (span > maxGapNs)
        {
            return false;
        }

        var u = (timeNs - _times[before]) / (double)span;
        x = _x[before] + (u * (_x[after] - _x[before]));
        y = _y[before] + (u * (_y[after] - _y[before]));
        yaw = _yaw[before] + (u * (_yaw[after] - _yaw[before]));
        return true;
    }
}
