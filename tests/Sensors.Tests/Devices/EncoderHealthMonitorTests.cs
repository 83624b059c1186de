using System.Device.Gpio;
using EdgeLstm.Sensors.Devices;
using EdgeLstm.Sensors.Devices.Encoders;
using EdgeLstm.Sensors.Tests.Devices.Simulation;

namespace EdgeLstm.Sensors.Tests.Devices;

/// <summary>The real quadrature decoder on simulated GPIO lines, watched by the health monitor.</summary>
public sealed class EncoderHealthMonitorTests : IDisposable
{
    private const int PinA = 17, PinB = 27;
    private readonly SimulatedGpioDriver _driver = new();
    private readonly GpioController _controller;
    private readonly QuadratureSignal _signal;
    private long _now = 1_000_000_000;

    public EncoderHealthMonitorTests()
    {
        _controller = new GpioController(_driver);
        _signal = new QuadratureSignal(_driver, PinA, PinB);
    }

    public void Dispose() => _controller.Dispose();

    [Fact]
    public void Legal_Quadrature_Keeps_The_Wheel_Healthy()
    {
        using var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        var monitor = new EncoderHealthMonitor(encoder, "left encoder", TimeSpan.FromSeconds(5), () => _now);
        _signal.Move(200);
        _signal.Move(-50, bounces: 2);
        Assert.True(monitor.Health.IsOk, monitor.Health.ToString());
    }

    [Fact]
    public void Illegal_Transition_Degrades_The_Wheel_Until_A_Quiet_Period_Passes()
    {
        using var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        var monitor = new EncoderHealthMonitor(encoder, "left encoder", TimeSpan.FromSeconds(5), () => _now);
        _signal.Move(8);
        Assert.True(monitor.Health.IsOk);

        _signal.JumpTwoStates();
        SensorHealth health = monitor.Health;

        Assert.Equal(HealthState.Degraded, health.State);
        Assert.StartsWith("left encoder: illegal quadrature transitions", health.Reason, StringComparison.Ordinal);

        _signal.Move(8); // counting goes on, still degraded within the quiet period
        _now += TimeSpan.FromSeconds(4.9).Ticks * 100;
        Assert.Equal(HealthState.Degraded, monitor.Health.State);

        _signal.JumpTwoStates(); // a second miss restarts the quiet period
        Assert.Equal(HealthState.Degraded, monitor.Health.State);
        _now += TimeSpan.FromSeconds(4.9).Ticks * 100;
        Assert.Equal(HealthState.Degraded, monitor.Health.State);

        _now += TimeSpan.FromSeconds(0.2).Ticks * 100;
        Assert.True(monitor.Health.IsOk);
        Assert.Equal(2, encoder.IllegalTransitions);
    }

    [Fact]
    public void Transitions_Before_Monitoring_Are_Not_Held_Against_The_Wheel()
    {
        using var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        _signal.JumpTwoStates();
        var monitor = new EncoderHealthMonitor(encoder, "right encoder", TimeSpan.FromSeconds(5), () => _now);
        Assert.True(monitor.Health.IsOk);
    }
}
