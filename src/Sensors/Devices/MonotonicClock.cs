using System.Diagnostics;

namespace EdgeLstm.Sensors.Devices;

/// <summary>
/// Monotonic nanoseconds from <see cref="Stopwatch"/>: immune to wall-clock steps (NTP, RTC-less
/// boots of a Raspberry Pi), which is what sample timestamps need.
/// </summary>
public static class MonotonicClock
{
    private static readonly long s_frequency = Stopwatch.Frequency;

    public static long NowNs() => TicksToNs(Stopwatch.GetTimestamp());

    internal static long TicksToNs(long ticks)
    {
        // Split to avoid overflowing ticks * 1e9 while keeping integer precision.
        long seconds = ticks / s_frequency;
        long remainder = ticks % s_frequency;
        return (seconds * 1_000_000_000L) + (remainder * 1_000_000_000L / s_frequency);
    }
}
