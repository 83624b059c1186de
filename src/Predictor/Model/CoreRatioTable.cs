namespace EdgeLstm.Predictor.Model;

/// <summary>
/// A shape's core ratio (how large its 50 % region is against its 90 % one) tabulated once against
/// x = 2/ν on a uniform grid from 0 (the Gaussian) to just below 2 (ν just above 1), where it falls
/// smoothly, and inverted by linear interpolation: the ν with a given ratio, found without allocating
/// or solving, so that a predictor step can ask for it.
/// </summary>
internal sealed class CoreRatioTable
{
    private readonly double[] _ratios;
    private readonly double _step;

    /// <param name="steps">Grid intervals between x = 0 and x = <paramref name="lastX"/>.</param>
    /// <param name="lastX">The grid's last x, just below 2.</param>
    /// <param name="gaussianRatio">The ratio at x = 0.</param>
    /// <param name="ratioAt">The ratio at x &gt; 0.</param>
    public CoreRatioTable(int steps, double lastX, double gaussianRatio, Func<double, double> ratioAt)
    {
        _step = lastX / steps;
        _ratios = new double[steps + 1];
        _ratios[0] = gaussianRatio;
        for (var i = 1; i <= steps; i++)
        {
            _ratios[i] = ratioAt(i * _step);
        }
    }

    /// <summary>The ratio at the grid's last x: the smallest the table gives.</summary>
    public double Smallest => _ratios[^1];

    /// <summary>
    /// ν whose ratio is <paramref name="ratio"/>: +∞ (Gaussian) at or above the ratio of the first grid
    /// point past 0, the last grid point's ν at or below <see cref="Smallest"/>.
    /// </summary>
    public double DegreesOfFreedomWith(double ratio)
    {
        if (!(ratio < _ratios[1]))
        {
            return double.PositiveInfinity;
        }

        var last = _ratios.Length - 1;
        if (ratio <= _ratios[last])
        {
            return 2 / (last * _step);
        }

        // _ratios[low] > ratio ≥ _ratios[high], the ratios falling with the index.
        int low = 1, high = last;
        while (high - low > 1)
        {
            var middle = (low + high) >>> 1;
            if (_ratios[middle] > ratio)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        var x = (low + ((_ratios[low] - ratio) / (_ratios[low] - _ratios[high]))) * _step;
        return 2 / x;
    }
}
