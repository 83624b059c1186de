using System.Device.Gpio;

namespace EdgeLstm.Sensors.Devices.Encoders;

/// <summary>
/// x4 quadrature decoder on two GPIO inputs: every edge of both channels is a tick, so a
/// 12-line motor encoder gives 48 ticks a motor turn. Decoding is a 16-entry table indexed by the
/// previous and current AB state; a step where both channels changed at once cannot be decoded
/// (an edge was missed) and is counted in <see cref="IllegalTransitions"/>, not thrown; except as the
/// first edge after construction, which may follow an edge that came before the callbacks listened.
/// Thread-safe: GPIO callbacks may arrive on several threads; state and counts use Interlocked.
/// </summary>
public sealed class QuadratureEncoder : IWheelEncoder
{
    // Marks a transition where both channels changed (index = previous AB << 2 | current AB).
    private const sbyte Illegal = 2;

    // AB = A << 1 | B. Forward (A leads B): 00 -> 10 -> 11 -> 01 -> 00, i.e. 0 -> 2 -> 3 -> 1 -> 0.
    private static ReadOnlySpan<sbyte> TransitionTable =>
    [
        //         to 00    to 01    to 10    to 11
        /* 00 */   0,       -1,      +1,      Illegal,
        /* 01 */   +1,      0,       Illegal, -1,
        /* 10 */   -1,      Illegal, 0,       +1,
        /* 11 */   Illegal, +1,      -1,      0,
    ];

    private readonly GpioController _controller;
    private readonly bool _shouldDispose;
    private readonly int _pinA;
    private readonly int _pinB;
    private readonly long _debounceNs;
    private readonly Func<long> _clockNs;
    private readonly PinChangeEventHandler _handler;
    private int _state;
    private long _count;
    private long _illegalTransitions;
    private long _ignoredBounces;
    private int _direction;
    private int _synchronised;
    private long _lastEdgeNsA = long.MinValue / 2;
    private long _lastEdgeNsB = long.MinValue / 2;
    private bool _disposed;

    /// <param name="controller">Opens both pins as inputs and delivers the edge callbacks.</param>
    /// <param name="pinA">Channel A (logical GPIO number); A leading B counts up.</param>
    /// <param name="pinB">Channel B.</param>
    /// <param name="debounce">Edges on one channel closer than this to the previous accepted edge on that channel are ignored. x4 decoding already cancels contact bounce (+1 -1 +1), so leave it zero unless an optical or Hall encoder is noisy; it must stay well below the shortest edge spacing at full speed.</param>
    /// <param name="inputMode">Input, or InputPullUp for open-collector encoders.</param>
    /// <param name="shouldDispose">Dispose the controller with this encoder.</param>
    public QuadratureEncoder(GpioController controller, int pinA, int pinB, TimeSpan debounce = default, PinMode inputMode = PinMode.Input, bool shouldDispose = false)
        : this(controller, pinA, pinB, debounce, inputMode, shouldDispose, MonotonicClock.NowNs)
    {
    }

    internal QuadratureEncoder(GpioController controller, int pinA, int pinB, TimeSpan debounce, PinMode inputMode, bool shouldDispose, Func<long> clockNs)
    {
        ArgumentNullException.ThrowIfNull(controller);
        if (pinA == pinB)
        {
            throw new ArgumentException($"Channels A and B must be different pins, both are {pinA}.", nameof(pinB));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(debounce, TimeSpan.Zero);
        _controller = controller;
        _shouldDispose = shouldDispose;
        _pinA = pinA;
        _pinB = pinB;
        _debounceNs = debounce.Ticks * 100;
        _clockNs = clockNs;
        _handler = OnPinChanged;

        _controller.OpenPin(pinA, inputMode);
        _controller.OpenPin(pinB, inputMode);
        _state = ReadLevel(pinA) << 1 | ReadLevel(pinB);
        _controller.RegisterCallbackForPinValueChangedEvent(pinA, PinEventTypes.Rising | PinEventTypes.Falling, _handler);
        _controller.RegisterCallbackForPinValueChangedEvent(pinB, PinEventTypes.Rising | PinEventTypes.Falling, _handler);
    }

    public int PinA => _pinA;

    public int PinB => _pinB;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>+1 or -1 for the direction of the last decoded step, 0 before the first.</summary>
    public int Direction => Volatile.Read(ref _direction);

    public long IllegalTransitions => Interlocked.Read(ref _illegalTransitions);

    /// <summary>Edges dropped by the debounce time.</summary>
    public long IgnoredBounces => Interlocked.Read(ref _ignoredBounces);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Volatile.Write(ref _disposed, true);
        GpioRelease.Quietly(() => _controller.UnregisterCallbackForPinValueChangedEvent(_pinA, _handler));
        GpioRelease.Quietly(() => _controller.UnregisterCallbackForPinValueChangedEvent(_pinB, _handler));
        GpioRelease.Quietly(() => _controller.ClosePin(_pinA));
        GpioRelease.Quietly(() => _controller.ClosePin(_pinB));
        if (_shouldDispose)
        {
            GpioRelease.Quietly(_controller.Dispose);
        }
    }

    private void OnPinChanged(object sender, PinValueChangedEventArgs e)
    {
        if (Volatile.Read(ref _disposed))
        {
            return;
        }

        bool isA = e.PinNumber == _pinA;
        if (_debounceNs > 0)
        {
            long now = _clockNs();
            ref long lastEdge = ref isA ? ref _lastEdgeNsA : ref _lastEdgeNsB;
            if (now - Volatile.Read(ref lastEdge) < _debounceNs)
            {
                Interlocked.Increment(ref _ignoredBounces);
                return;
            }

            Volatile.Write(ref lastEdge, now);
        }

        // The edge's own type is the authoritative level of the pin that fired (the kernel saw it
        // before any latency); the other channel is read now, so a missed edge on it shows up as
        // a two-channel change.
        int level = (e.ChangeType & PinEventTypes.Rising) != 0 ? 1 : 0;
        int other;
        try
        {
            other = ReadLevel(isA ? _pinB : _pinA);
        }
        catch (IOException) when (Volatile.Read(ref _disposed))
        {
            return; // an edge still being delivered while Dispose released the lines: shutting down
        }

        int current = isA ? (level << 1) | other : (other << 1) | level;
        int previous = Interlocked.Exchange(ref _state, current);

        // Both levels were read once before the callbacks were registered; an edge in between reaches
        // no callback, so the first edge one does see can look like both channels changed. The first
        // decoded edge therefore only synchronises the state when it is illegal; every later one counts.
        sbyte step = TransitionTable[(previous << 2) | current];
        bool first = Interlocked.Exchange(ref _synchronised, 1) == 0;
        if (step == Illegal)
        {
            if (!first)
            {
                Interlocked.Increment(ref _illegalTransitions);
            }
        }
        else if (step != 0)
        {
            Interlocked.Add(ref _count, step);
            Volatile.Write(ref _direction, step);
        }
    }

    private int ReadLevel(int pin) => _controller.Read(pin) == PinValue.High ? 1 : 0;
}
