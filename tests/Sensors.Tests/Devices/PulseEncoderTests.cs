using System.Device.Gpio;
using EdgeLstm.Sensors.Devices.Encoders;
using EdgeLstm.Sensors.Tests.Devices.Simulation;

namespace EdgeLstm.Sensors.Tests.Devices;

public sealed class PulseEncoderTests : IDisposable
{
    private const int Pin = 22;
    private readonly SimulatedGpioDriver _driver = new();
    private readonly GpioController _controller;

    public PulseEncoderTests() => _controller = new GpioController(_driver);

    public void Dispose() => _controller.Dispose();

    [Fact]
    public void A_Failing_Unregister_At_Shutdown_Does_Not_Throw_And_The_Line_Is_Still_Closed()
    {
        var encoder = new PulseEncoder(_controller, Pin);
        _driver.FailingRelease.Add(Pin);
        var removeFails = Record.Exception(encoder.Dispose);
        _driver.FailingRelease.Clear();

        Assert.Null(removeFails);

        // The close failed too (the same pin): a controller that disposes later still releases it.
        Assert.Contains(Pin, _driver.OpenPins);
    }

    [Fact]
    public void Counts_Rising_Edges_With_The_Commanded_Sign()
    {
        using var encoder = new PulseEncoder(_controller, Pin);
        Pulse(10);
        encoder.DirectionSign = -5; // reduced to -1
        Pulse(4);
        encoder.DirectionSign = 0;
        Pulse(3);
        Assert.Equal(6, encoder.Count);
        Assert.Equal(0, encoder.IllegalTransitions);
    }

    [Fact]
    public void Callbacks_From_Many_Threads_Lose_No_Tick()
    {
        using var encoder = new PulseEncoder(_controller, Pin);
        Parallel.For(0, 4, _ =>
        {
            for (int i = 0; i < 25_000; i++)
            {
                _driver.Fire(Pin, PinEventTypes.Rising);
            }
        });
        Assert.Equal(100_000, encoder.Count);
    }

    [Fact]
    public void Debounce_Drops_Bounces()
    {
        long now = 0;
        using var encoder = new PulseEncoder(_controller, Pin, TimeSpan.FromMicroseconds(500), PinMode.Input, shouldDispose: false, () => now);
        for (int tick = 0; tick < 5; tick++)
        {
            now += 10_000_000;
            for (int bounce = 0; bounce < 3; bounce++)
            {
                now += 50_000;
                _driver.SetPin(Pin, PinValue.High);
                _driver.SetPin(Pin, PinValue.Low);
            }
        }

        Assert.Equal(5, encoder.Count);
        Assert.Equal(10, encoder.IgnoredBounces);
    }

    private void Pulse(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _driver.SetPin(Pin, PinValue.High);
            _driver.SetPin(Pin, PinValue.Low);
        }
    }
}
