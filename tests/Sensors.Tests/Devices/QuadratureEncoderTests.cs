using System.Device.Gpio;
using EdgeLstm.Sensors.Devices.Encoders;
using EdgeLstm.Sensors.Tests.Devices.Simulation;

namespace EdgeLstm.Sensors.Tests.Devices;

public sealed class QuadratureEncoderTests : IDisposable
{
    private const int PinA = 17, PinB = 27;
    private readonly SimulatedGpioDriver _driver = new();
    private readonly GpioController _controller;
    private readonly QuadratureSignal _signal;

    public QuadratureEncoderTests()
    {
        _controller = new GpioController(_driver);
        _signal = new QuadratureSignal(_driver, PinA, PinB);
    }

    public void Dispose() => _controller.Dispose();

    [Fact]
    public void An_Edge_Still_Being_Delivered_When_The_Encoder_Is_Disposed_Is_Dropped_Without_An_Exception()
    {
        // Seen under systemd: SIGTERM disposed the encoder while the GPIO event thread was inside
        // the handler; reading the other, already released, line threw and the worker exited 1.
        var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        _signal.Move(3);
        var inFlight = _driver.Handlers(PinA);
        encoder.Dispose();

        foreach (var handler in inFlight)
        {
            handler(_driver, new PinValueChangedEventArgs(PinEventTypes.Rising, PinA));
        }

        Assert.Equal(3, encoder.Count);
        Assert.Equal(0, encoder.IllegalTransitions);
    }

    [Fact]
    public void A_Line_Whose_Release_Fails_At_Shutdown_Neither_Throws_Nor_Keeps_The_Other_Line_Held()
    {
        // Seen under systemd after a watchdog restart: the driver failed one release on SIGTERM,
        // the exception left the worker, and a clean stop exited 1.
        var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        _driver.FailingRelease.Add(PinA);

        encoder.Dispose();

        Assert.DoesNotContain(PinB, _driver.OpenPins);
        Assert.Empty(_driver.Handlers(PinB));
        _driver.FailingRelease.Clear();
    }

    [Fact]
    public void Counts_Every_Edge_Forward()
    {
        using var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        _signal.Move(400);
        Assert.Equal(400, encoder.Count);
        Assert.Equal(1, encoder.Direction);
        Assert.Equal(0, encoder.IllegalTransitions);
    }

    [Fact]
    public void Counts_Down_Backward_And_Follows_Direction_Changes()
    {
        using var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        _signal.Move(10);
        _signal.Move(-25);
        Assert.Equal(-15, encoder.Count);
        Assert.Equal(-1, encoder.Direction);
        _signal.Move(3);
        Assert.Equal(-12, encoder.Count);
        Assert.Equal(1, encoder.Direction);
    }

    [Fact]
    public void Contact_Bounce_Cancels_Out()
    {
        using var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        _signal.Move(50, bounces: 3);
        _signal.Move(-20, bounces: 2);
        Assert.Equal(30, encoder.Count);
        Assert.Equal(0, encoder.IllegalTransitions);
    }

    [Fact]
    public void An_Edge_Between_Reading_The_Levels_And_Registering_The_Callbacks_Is_Not_Counted_As_Illegal()
    {
        // A robot whose wheels turn while the service starts: the encoder reads both levels, a wheel
        // moves one edge before the callbacks are registered, and the next edge looks like both changed.
        var moved = false;
        _driver.BeforeRegisterCallback = _ =>
        {
            if (!moved)
            {
                moved = true;
                _signal.Move(1);
            }
        };
        using var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        _driver.BeforeRegisterCallback = null;

        _signal.Move(6);

        Assert.Equal(0, encoder.IllegalTransitions);
        Assert.Equal(5, encoder.Count); // the edge no callback saw and the one that resynchronised are lost
    }

    [Fact]
    public void An_Illegal_Step_After_The_First_Edge_Is_Still_Counted()
    {
        using var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        _signal.Move(1);
        _signal.JumpTwoStates();
        Assert.Equal(1, encoder.IllegalTransitions);
    }

    [Fact]
    public void Both_Channels_Changing_Is_Counted_As_Illegal_Not_Thrown()
    {
        using var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        _signal.Move(4);
        _signal.JumpTwoStates();
        _signal.Move(4);
        Assert.Equal(1, encoder.IllegalTransitions);
        Assert.Equal(8, encoder.Count); // the skipped step is lost, counting goes on
    }

    [Fact]
    public void Debounce_Ignores_Edges_Closer_Than_The_Debounce_Time()
    {
        long now = 0;
        using var encoder = new QuadratureEncoder(_controller, PinA, PinB, TimeSpan.FromMicroseconds(100), PinMode.Input, shouldDispose: false, () => now);
        now = 1_000_000;
        _driver.SetPin(PinA, PinValue.High); // accepted: +1
        now += 10_000;
        _driver.SetPin(PinA, PinValue.Low); // bounce within 100 µs: ignored
        now += 10_000;
        _driver.SetPin(PinA, PinValue.High); // ignored, level already as decoded
        now += 1_000_000;
        _driver.SetPin(PinB, PinValue.High); // accepted: +1
        Assert.Equal(2, encoder.Count);
        Assert.Equal(2, encoder.IgnoredBounces);
    }

    [Fact]
    public void Dispose_Unregisters_Callbacks_And_Closes_Pins()
    {
        var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        Assert.Equal(1, _driver.CallbackCount(PinA));
        encoder.Dispose();
        Assert.Equal(0, _driver.CallbackCount(PinA));
        Assert.Equal(0, _driver.CallbackCount(PinB));
        Assert.Empty(_driver.OpenPins);
    }

    [Fact]
    public void Same_Pin_For_Both_Channels_Is_Refused() =>
        Assert.Throws<ArgumentException>(() => new QuadratureEncoder(_controller, PinA, PinA));
}
