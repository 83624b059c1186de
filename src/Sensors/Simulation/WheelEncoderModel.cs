using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// Quadrature encoders on the two wheels of a differential robot. Each wheel's ground speed is
/// v ∓ ω·b/2 (b the track width); the wheel turns a little more or less than the ground it covers
/// (slip), by a slowly drifting factor common to both wheels (floor, tyre wear), a smaller drifting
/// factor of each wheel (uneven load and tyres, which is what turns the odometry heading), and a
/// part proportional to the longitudinal acceleration (wheels spin up when accelerating hard and
/// skid when braking). The counters report the
/// cumulative wheel travel quantised to whole ticks.
/// </summary>
internal sealed class WheelEncoderModel
{
    /// <summary>Size of the per-wheel slip relative to the common slip.</summary>
    private const double WheelShare = 0.3;

    private readonly double _halfTrack;
    private readonly double _ticksPerMeter;
    private readonly double _slipPerAcceleration;
    private readonly SlowProcess _slipCommon;
    private readonly SlowProcess _slipLeft;
    private readonly SlowProcess _slipRight;

    // Wheel travel (m) at the previous and the latest integration step, for interpolation.
    private double _leftBefore;
    private double _rightBefore;
    private double _left;
    private double _right;

    public WheelEncoderModel(SimulatorOptions options, GaussianRandom random)
    {
        _halfTrack = 0.5 * options.TrackWidthMeters;
        _ticksPerMeter = options.TicksPerMeter;
        _slipPerAcceleration = options.WheelSlipPerAcceleration;
        double step = VehicleDynamics.StepSeconds;
        _slipCommon = new SlowProcess(random, options.WheelSlipStdDev, options.SlipCorrelationSeconds, step);
        _slipLeft = new SlowProcess(random, WheelShare * options.WheelSlipStdDev, options.SlipCorrelationSeconds, step);
        _slipRight = new SlowProcess(random, WheelShare * options.WheelSlipStdDev, options.SlipCorrelationSeconds, step);
    }

    /// <summary>Accumulates one integration step of wheel travel for the state at its end.</summary>
    public void Step(in VehicleState state)
    {
        _slipCommon.Step();
        _slipLeft.Step();
        _slipRight.Step();
        double commonSlip = 1.0 + _slipCommon.Value + (_slipPerAcceleration * state.Acceleration);
        double left = state.Speed - (state.YawRate * _halfTrack);
        double right = state.Speed + (state.YawRate * _halfTrack);
        _leftBefore = _left;
        _rightBefore = _right;
        _left += left * (commonSlip + _slipLeft.Value) * VehicleDynamics.StepSeconds;
        _right += right * (commonSlip + _slipRight.Value) * VehicleDynamics.StepSeconds;
    }

    /// <summary>The counters at a fraction f ∈ [0, 1] of the latest step: ticks = ⌊travel·ticks_per_meter⌋.</summary>
    public SensorEvent Sample(long timestampNs, double fraction)
    {
        double left = _leftBefore + (fraction * (_left - _leftBefore));
        double right = _rightBefore + (fraction * (_right - _rightBefore));
        return SensorEvent.WheelTicks(
            timestampNs,
            (long)Math.Floor(left * _ticksPerMeter),
            (long)Math.Floor(right * _ticksPerMeter));
    }
}
