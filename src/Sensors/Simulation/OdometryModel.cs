using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// Body odometry as the motor controller of an Ackermann car (a VESC) reports it: the speed comes
/// from the motor's electrical rpm, so it carries a scale error (gearing, tyre radius, slip) that
/// is partly fixed per run and partly drifting, plus noise; the yaw rate is not measured at all
/// but computed from the speed and the COMMANDED steering angle, w = v·tan δ_cmd / L. It therefore
/// leads the true yaw rate (the servo lags) and overstates it at speed (understeer).
/// </summary>
internal sealed class OdometryModel
{
    private readonly double _wheelbase;
    private readonly double _slipPerAcceleration;
    private readonly double _speedNoise;
    private readonly double _fixedScale;
    private readonly SlowProcess _driftingScale;
    private readonly GaussianRandom _noise;

    public OdometryModel(SimulatorOptions options, GaussianRandom random)
    {
        _wheelbase = options.WheelbaseMeters;
        _slipPerAcceleration = options.WheelSlipPerAcceleration;
        _speedNoise = options.OdometrySpeedNoiseStdDev;
        _noise = random;
        _fixedScale = random.Normal(options.OdometryScaleStdDev);
        _driftingScale = new SlowProcess(random, 0.5 * options.OdometryScaleStdDev, options.SlipCorrelationSeconds, VehicleDynamics.StepSeconds);
    }

    public void Step() => _driftingScale.Step();

    public SensorEvent Sample(long timestampNs, in VehicleState state)
    {
        if (state.Speed <= 0)
        {
            // A motor at rest reports exactly zero: there is no commutation to measure.
            return SensorEvent.Odometry(timestampNs, 0, 0);
        }

        // v_odom = v·(1 + s_fixed + s_drift(t) + k·dv/dt) + noise
        double scale = 1.0 + _fixedScale + _driftingScale.Value + (_slipPerAcceleration * state.Acceleration);
        double v = (state.Speed * scale) + _noise.Normal(_speedNoise);
        double w = v * Math.Tan(state.SteeringCommand) / _wheelbase;
        return SensorEvent.Odometry(timestampNs, v, w);
    }
}
