using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// The sample times of one stream: t_k = phase + k / rate, rounded to whole nanoseconds. Computed
/// from k each time rather than by adding a period, so rounding never accumulates and every
/// sample lies exactly on its grid however long the run.
/// </summary>
internal struct SampleClock(double rateHz, long phaseNs)
{
    private readonly double _periodNs = Time.NanosPerSecond / rateHz;
    private long _index;

    public readonly long NextNs => phaseNs + (long)Math.Round(_index * _periodNs);

    public void Advance() => _index++;
}
