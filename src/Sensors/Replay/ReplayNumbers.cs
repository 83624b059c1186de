using System.Globalization;

namespace EdgeLstm.Sensors.Replay;

/// <summary>
/// Parsing and formatting of the numbers in a replay file. Always invariant culture, so that a
/// file written on a machine with a decimal comma reads back everywhere.
/// </summary>
internal static class ReplayNumbers
{
    /// <summary>Ticks travel as doubles inside <c>SensorEvent</c>; beyond 2^53 they would lose precision.</summary>
    public const long MaxTicks = 1L << 53;

    /// <summary>
    /// Seconds that still fit in nanoseconds as a long (about 292 years), so Time.ToNanos cannot overflow.
    /// </summary>
    public const double MaxAbsSeconds = 9.2e9;

    // Sign, decimal point, exponent and surrounding blanks; no thousands separators, no hex.
    private const NumberStyles RealStyle = NumberStyles.Float;

    private const NumberStyles IntegerStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    /// <summary>
    /// Parses a real number of a cell (ints, decimals, exponents), throwing a located error for
    /// text that is not a number and for NaN or infinity (including overflow such as 1e999).
    /// </summary>
    public static double ParseReal(ReadOnlySpan<char> text, string file, int line, int? column, string field)
    {
        if (!double.TryParse(text, RealStyle, CultureInfo.InvariantCulture, out var value))
        {
            throw new ReplayFormatException(file, line, column, field,
                $"bad number {ReplayFormatException.Quote(text)} in '{field}': expected a decimal number such as 1.25, -3 or 4.5e-3");
        }

        if (!double.IsFinite(value))
        {
            throw new ReplayFormatException(file, line, column, field,
                $"{ReplayFormatException.Quote(text)} in '{field}' is NaN or infinite: expected a finite number");
        }

        return value;
    }

    /// <summary>Parses a cumulative encoder count: an integer within ±2^53.</summary>
    public static long ParseTicks(ReadOnlySpan<char> text, string file, int line, int column, string field)
    {
        if (!long.TryParse(text, IntegerStyle, CultureInfo.InvariantCulture, out var value))
        {
            throw new ReplayFormatException(file, line, column, field,
                $"bad tick count {ReplayFormatException.Quote(text)} in '{field}': expected an integer such as 1024 or -17");
        }

        if (value is > MaxTicks or < -MaxTicks)
        {
            throw new ReplayFormatException(file, line, column, field,
                $"tick count {ReplayFormatException.Quote(text)} in '{field}' is out of range: expected at most 2^53 in magnitude");
        }

        return value;
    }

    /// <summary>Parses a metadata value that must be a positive finite number (a geometry length or scale).</summary>
    public static bool TryParsePositive(string text, out double value) =>
        double.TryParse(text, RealStyle, CultureInfo.InvariantCulture, out value) && double.IsFinite(value) && value > 0;

    /// <summary>Time with microsecond resolution, fixed point so that files diff cleanly.</summary>
    public static bool TryFormatTime(long timestampNs, Span<char> destination, out int written) =>
        Events.Time.ToSeconds(timestampNs).TryFormat(destination, out written, "F6", CultureInfo.InvariantCulture);

    /// <summary>
    /// The shortest text that reads back to the same float32: the sensors are float32 at best,
    /// and shortest round-trip text keeps the file small and deterministic.
    /// </summary>
    public static bool TryFormatReal(double value, Span<char> destination, out int written) =>
        ((float)value).TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);

    public static bool TryFormatTicks(long value, Span<char> destination, out int written) =>
        value.TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
}
