using System.Device.Gpio;

namespace EdgeLstm.Sensors.Tests.Devices.Simulation;

/// <summary>
/// A GPIO driver whose input levels the test sets. A level change fires the registered callbacks
/// synchronously, as the kernel's edge events would (one at a time per edge).
/// </summary>
internal sealed class SimulatedGpioDriver : GpioDriver
{
    private readonly object _gate = new();
    private readonly Dictionary<int, PinValue> _values = [];
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly Dictionary<int, List<(PinEventTypes Types, PinChangeEventHandler Handler)>> _callbacks = [];

    public HashSet<int> OpenPins { get; } = [];

    /// <summary>Runs when a callback is about to be registered, with the pin: the levels may change there, before anyone listens.</summary>
    public Action<int>? BeforeRegisterCallback { get; set; }

    /// <summary>Pins whose release (unregistering a callback, closing) fails with an IOException, as a GPIO driver's may at shutdown.</summary>
    public HashSet<int> FailingRelease { get; } = [];

    protected override int PinCount => 64;

    /// <summary>Sets a pin's level and fires Rising/Falling callbacks if it changed.</summary>
    public void SetPin(int pin, PinValue value)
    {
        bool changed;
        lock (_gate)
        {
            changed = GetValue(pin) != value;
            _values[pin] = value;
        }

        if (changed)
        {
            Fire(pin, value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling);
        }
    }

    /// <summary>Both pins change before software sees either edge (a missed step): levels first, then both events.</summary>
    public void SetPinsTogether(int pinA, PinValue a, int pinB, PinValue b)
    {
        bool changedA, changedB;
        lock (_gate)
        {
            changedA = GetValue(pinA) != a;
            changedB = GetValue(pinB) != b;
            _values[pinA] = a;
            _values[pinB] = b;
        }

        if (changedA)
        {
            Fire(pinA, a == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling);
        }

        if (changedB)
        {
            Fire(pinB, b == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling);
        }
    }

    /// <summary>Delivers an edge event without changing the level (for concurrency tests).</summary>
    public void Fire(int pin, PinEventTypes edge)
    {
        (PinEventTypes Types, PinChangeEventHandler Handler)[] handlers;
        lock (_gate)
        {
            handlers = _callbacks.TryGetValue(pin, out var list) ? [.. list] : [];
        }

        foreach (var (types, handler) in handlers)
        {
            if ((types & edge) != 0)
            {
                handler(this, new PinValueChangedEventArgs(edge, pin));
            }
        }
    }

    public int CallbackCount(int pin)
    {
        lock (_gate)
        {
            return _callbacks.TryGetValue(pin, out var list) ? list.Count : 0;
        }
    }

    protected override void OpenPin(int pinNumber)
    {
        lock (_gate)
        {
            OpenPins.Add(pinNumber);
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_gate)
        {
            ThrowIfFailingRelease(pinNumber);
            OpenPins.Remove(pinNumber);
        }
    }

    private void ThrowIfFailingRelease(int pinNumber)
    {
        if (FailingRelease.Contains(pinNumber))
        {
            throw new IOException($"Error while reading value from pin: {pinNumber}, error: 1 (Operation not permitted)");
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_gate)
        {
            _modes[pinNumber] = mode;
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate)
        {
            return _modes.GetValueOrDefault(pinNumber, PinMode.Input);
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber)
    {
        lock (_gate)
        {
            // As the kernel's GPIO character device: a released line cannot be read.
            return OpenPins.Contains(pinNumber)
                ? GetValue(pinNumber)
                : throw new IOException($"Error while reading value from pin: {pinNumber}, error: 1 (Operation not permitted)");
        }
    }

    /// <summary>The handlers registered on <paramref name="pin"/> now: an event already being delivered keeps them after they are unregistered.</summary>
    public PinChangeEventHandler[] Handlers(int pin)
    {
        lock (_gate)
        {
            return _callbacks.TryGetValue(pin, out var list) ? [.. list.Select(entry => entry.Handler)] : [];
        }
    }

    protected override void Write(int pinNumber, PinValue value) => SetPin(pinNumber, value);

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        new() { TimedOut = true, EventTypes = PinEventTypes.None };

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        BeforeRegisterCallback?.Invoke(pinNumber);
        lock (_gate)
        {
            if (!_callbacks.TryGetValue(pinNumber, out var list))
            {
                _callbacks[pinNumber] = list = [];
            }

            list.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            ThrowIfFailingRelease(pinNumber);
            if (_callbacks.TryGetValue(pinNumber, out var list))
            {
                list.RemoveAll(entry => entry.Handler == callback);
            }
        }
    }

    private PinValue GetValue(int pin) => _values.GetValueOrDefault(pin, PinValue.Low);
}
