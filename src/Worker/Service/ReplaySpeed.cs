using System.Globalization;

namespace EdgeLstm.Worker.Service;

/// <summary>
/// How fast recorded events are replayed: real time (1), N times real time, or as fast as the
/// pipeline goes ("max", for throughput measurements and batch runs).
/// </summary>
public readonly record struct ReplaySpeed
{
    private ReplaySpeed(double factor) => Factor = factor;

    /// <summary>Event time is divided by this; +∞ means no pacing at all.</summary>
    public double Factor { get; }

    public bool IsMax => double.IsPositiveInfinity(Factor);

    public static ReplaySpeed RealTime { get; } = new(1.0);

    public static ReplaySpeed Max { get; } = new(double.PositiveInfinity);

    /// <summary>Accepts "max", "N" or "Nx" with N a positive number (e.g. "1", "10", "2.5x").</summary>
    public static bool TryParse(string? text, out ReplaySpeed speed)
    {
        speed = RealTime;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (value.Equals("max", StringComparison.OrdinalIgnoreCase))
        {
            speed = Max;
            return true;
        }

        if (value.EndsWith('x') || value.EndsWith('X'))
        {
            value = value[..^1];
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && double.IsFinite(factor) && factor > 0)
        {
            speed = new ReplaySpeed(factor);
            return true;
        }

        return false;
    }

    public override string ToString() => IsMax ? "max" : Factor.ToString("0.###", CultureInfo.InvariantCulture) + "x";
}
