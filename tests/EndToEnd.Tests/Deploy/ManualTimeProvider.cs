namespace EdgeLstm.EndToEnd.Tests.Deploy;

/// <summary>A clock that moves only when told, so watchdog pacing is tested without sleeping.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private long _timestamp = 1_000_000;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _timestamp);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _timestamp, by.Ticks);
}
