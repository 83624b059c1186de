namespace EdgeLstm.Sensors.Devices.Encoders;

/// <summary>
/// Turns an encoder's illegal-transition count into a <see cref="SensorHealth"/>: Degraded as soon
/// as the count grows (the decoder missed an edge, so the wheel's distance is now short by an
/// unknown number of ticks: noise, a loose wire or edges faster than GPIO can deliver), Ok again
/// once <see cref="QuietPeriod"/> has passed without a new one. The reason stays the same while
/// degraded so that the status topic is not republished for every further missed edge; the count
/// itself is in <see cref="IWheelEncoder.IllegalTransitions"/>.
/// </summary>
/// <remarks>Thread-safe: the status reporter polls it from its own thread.</remarks>
public sealed class EncoderHealthMonitor
{
    /// <summary>How long a wheel stays degraded after its last illegal transition.</summary>
    public static readonly TimeSpan DefaultQuietPeriod = TimeSpan.FromSeconds(5);

    private readonly IWheelEncoder _encoder;
    private readonly string _name;
    private readonly long _quietNs;
    private readonly Func<long> _clockNs;
    private readonly Lock _lock = new();
    private long _seenIllegal;
    private long _lastIllegalNs;
    private bool _degraded;

    /// <param name="encoder">The wheel's decoder.</param>
    /// <param name="name">Names the wheel in the reason, e.g. "left encoder".</param>
    /// <param name="quietPeriod">Time without a new illegal transition before the wheel is Ok again.</param>
    /// <param name="clockNs">Monotonic clock in nanoseconds.</param>
    public EncoderHealthMonitor(IWheelEncoder encoder, string name, TimeSpan quietPeriod, Func<long> clockNs)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(quietPeriod, TimeSpan.Zero);
        _encoder = encoder;
        _name = name;
        _quietNs = quietPeriod.Ticks * 100;
        _clockNs = clockNs;

        // Transitions before monitoring started (power-up glitches) are not held against the wheel.
        _seenIllegal = encoder.IllegalTransitions;
    }

    public TimeSpan QuietPeriod => TimeSpan.FromTicks(_quietNs / 100);

    /// <summary>Ok, or Degraded naming the wheel, until the quiet period passes.</summary>
    public SensorHealth Health
    {
        get
        {
            lock (_lock)
            {
                long now = _clockNs();
                long illegal = _encoder.IllegalTransitions;
                if (illegal != _seenIllegal)
                {
                    _seenIllegal = illegal;
                    _lastIllegalNs = now;
                    _degraded = true;
                }
                else if (_degraded && now - _lastIllegalNs >= _quietNs)
                {
                    _degraded = false;
                }

                return _degraded
                    ? SensorHealth.Degraded($"{_name}: illegal quadrature transitions (missed edges: noise, wiring or edges too fast for GPIO)")
                    : SensorHealth.Healthy;
            }
        }
    }
}
