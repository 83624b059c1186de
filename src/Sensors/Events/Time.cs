namespace EdgeLstm.Sensors.Events;

/// <summary>Conversions between file seconds (double) and internal monotonic nanoseconds (long).</summary>
public static class Time
{
    public const long NanosPerSecond = 1_000_000_000L;

    public static long ToNanos(double seconds) => (long)Math.Round(seconds * NanosPerSecond);

    public static double ToSeconds(long nanos) => nanos / (double)NanosPerSecond;
}
