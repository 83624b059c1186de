using System.Device.Gpio;

namespace EdgeLstm.Sensors.Devices.Encoders;

/// <summary>
/// Single-channel encoder (slotted disc, Hall sensor on a cheap gear motor): counts rising edges.
/// One channel cannot tell direction, so each tick takes the sign the caller last set from what it
/// knows, usually the sign of the motor command.
/// </summary>
public sealed class PulseEncoder : IWheelEncoder
{
    private readonly GpioController _controller;
    private readonly bool _shouldDispose;
    private readonly int _pin;
    private readonly long _debounceNs;
    private readonly Func<long> _clockNs;
    private readonly PinChangeEventHandler _handler;
    private long _count;
    private long _ignoredBounces;
    private long _lastEdgeNs = long.MinValue / 2;
    private int _directionSign = 1;
    private bool _disposed;

    /// <param name="controller">Opens the pin as input and delivers the edge callbacks.</param>
    /// <param name="pin">Logical GPIO number.</param>
    /// <param name="debounce">Rising edges closer than this to the previous counted one are ignored: one channel has no x4 decoding to cancel bounce.</param>
    /// <param name="inputMode">Input, or InputPullUp for open-collector sensors.</param>
    /// <param name="shouldDispose">Dispose the controller with this encoder.</param>
    public PulseEncoder(GpioController controller, int pin, TimeSpan debounce = default, PinMode inputMode = PinMode.Input, bool shouldDispose = false)
        : this(controller, pin, debounce, inputMode, shouldDispose, MonotonicClock.NowNs)
    {
    }

    internal PulseEncoder(GpioController controller, int pin, TimeSpan debounce, PinMode inputMode, bool shouldDispose, Func<long> clockNs)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentOutOfRangeException.ThrowIfLessThan(debounce, TimeSpan.Zero);
        _controller = controller;
        _shouldDispose = shouldDispose;
        _pin = pin;
        _debounceNs = debounce.Ticks * 100;
        _clockNs = clockNs;
        _handler = OnRisingEdge;
        _controller.OpenPin(pin, inputMode);
        _controller.RegisterCallbackForPinValueChangedEvent(pin, PinEventTypes.Rising, _handler);
    }

    public int Pin => _pin;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Always 0: a single channel has no illegal transitions.</summary>
    public long IllegalTransitions => 0;

    public long IgnoredBounces => Interlocked.Read(ref _ignoredBounces);

    /// <summary>+1, -1 or 0 (wheel held still: ticks are ignored); any other value is reduced to its sign.</summary>
    public int DirectionSign
    {
        get => Volatile.Read(ref _directionSign);
        set => Volatile.Write(ref _directionSign, Math.Sign(value));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        GpioRelease.Quietly(() => _controller.UnregisterCallbackForPinValueChangedEvent(_pin, _handler));
        GpioRelease.Quietly(() => _controller.ClosePin(_pin));
        if (_shouldDispose)
        {
            GpioRelease.Quietly(_controller.Dispose);
        }
    }

    private void OnRisingEdge(object sender, PinValueChangedEventArgs e)
    {
        if ((e.ChangeType & PinEventTypes.Rising) == 0)
        {
            return;
        }

        if (_debounceNs > 0)
        {
            long now = _clockNs();
            if (now - Volatile.Read(ref _lastEdgeNs) < _debounceNs)
            {
                Interlocked.Increment(ref _ignoredBounces);
                return;
            }

            Volatile.Write(ref _lastEdgeNs, now);
        }

        Interlocked.Add(ref _count, DirectionSign);
    }
}
