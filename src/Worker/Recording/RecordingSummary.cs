using EdgeLstm.Sensors.Devices;

namespace EdgeLstm.Worker.Recording;

/// <summary>What a recording ended with, for the closing line of `record`.</summary>
/// <param name="Rows">Rows written (one per sensor event).</param>
/// <param name="Elapsed">Wall time from the first row to the end.</param>
/// <param name="Flushes">Times the rows were pushed to the file and synced to the disk.</param>
/// <param name="LongestFlushGap">Longest wall time between two flushes (the most a crash could lose).</param>
/// <param name="Health">Sensor health at the end.</param>
/// <param name="DegradedSpells">Times the sensors went from ok to degraded while recording.</param>
public sealed record RecordingSummary(long Rows, TimeSpan Elapsed, long Flushes, TimeSpan LongestFlushGap, SensorHealth Health, int DegradedSpells)
{
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Rows / Elapsed.TotalSeconds : 0;
}
