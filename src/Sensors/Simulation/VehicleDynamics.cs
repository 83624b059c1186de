namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// The robot's true motion, integrated in fixed 1 ms steps from a target speed and a commanded
/// path curvature. Longitudinally: jerk- and acceleration-limited speed tracking. Laterally:
/// differential robots follow the curvature at once; the bicycle car's steering lags its command
/// (first-order servo) and understeers at speed. Both are grip-limited: |v·ω| ≤ a_lat,max.
/// </summary>
internal sealed class VehicleDynamics
{
    public const double StepRateHz = 1000;
    public const long StepNs = 1_000_000;
    public const double StepSeconds = 1e-3;

    /// <summary>Proportional gain of speed tracking: a_des = k·(v_target − v), 1/s.</summary>
    private const double SpeedGain = 1.5;

    /// <summary>
    /// Least deceleration when told to stop (m/s²), so the robot comes to rest in finite time
    /// instead of creeping towards zero as a pure proportional law would.
    /// </summary>
    private const double StopDeceleration = 0.3;

    private readonly Kinematics _kinematics;
    private readonly double _maxAcceleration;
    private readonly double _maxDeceleration;
    private readonly double _maxJerkStep;
    private readonly double _maxLateral;
    private readonly double _maxCurvature;
    private readonly double _maxSteering;
    private readonly double _wheelbase;
    private readonly double _understeer;
    private readonly double _steeringBlend;
    private VehicleState _state;

    public VehicleDynamics(SimulatorOptions options, double x, double y, double yaw)
    {
        _kinematics = options.Kinematics;
        _maxAcceleration = options.MaxAcceleration;
        _maxDeceleration = options.MaxDeceleration;
        _maxJerkStep = options.MaxJerk * StepSeconds;
        _maxLateral = options.MaxLateralAcceleration;
        _maxCurvature = options.MaxCurvature;
        _maxSteering = options.MaxSteeringAngle;
        _wheelbase = options.WheelbaseMeters;
        _understeer = options.UndersteerGradient;

        // Exact step of the first-order lag δ' = (δ_cmd − δ)/τ: δ += (δ_cmd − δ)·(1 − e^(−Δt/τ)).
        _steeringBlend = options.SteeringTimeConstant > 0
            ? 1.0 - Math.Exp(-StepSeconds / options.SteeringTimeConstant)
            : 1.0;
        _state = new VehicleState { X = x, Y = y, Yaw = yaw };
    }

    public VehicleState State => _state;

    /// <summary>Tightest curvature the vehicle can steer (1/m): κ_max = tan δ_max / L for the bicycle.</summary>
    public double MaxPathCurvature => _kinematics == Kinematics.Bicycle
        ? Math.Tan(_maxSteering) / _wheelbase
        : _maxCurvature;

    public void Step(double targetSpeed, double curvatureCommand)
    {
        double v0 = _state.Speed;

        // Longitudinal: the wanted acceleration, bounded, reached at no more than the jerk limit.
        double wanted = SpeedGain * (targetSpeed - v0);
        if (targetSpeed <= 0 && v0 > 0)
        {
            wanted = Math.Min(wanted, -StopDeceleration);
        }

        wanted = Math.Clamp(wanted, -_maxDeceleration, _maxAcceleration);
        double a = _state.Acceleration + Math.Clamp(wanted - _state.Acceleration, -_maxJerkStep, _maxJerkStep);
        double v1 = v0 + (a * StepSeconds);
        if (v1 <= 0)
        {
            // At rest: the brakes hold the robot, no specific force along x.
            v1 = 0;
            a = 0;
        }

        double yawRate = _kinematics == Kinematics.Bicycle
            ? BicycleYawRate(v1, curvatureCommand)
            : v1 * Math.Clamp(curvatureCommand, -_maxCurvature, _maxCurvature);

        // Grip: the tyres cannot supply more than a_lat,max, so |ω| ≤ a_lat,max / v.
        if (Math.Abs(v1 * yawRate) > _maxLateral)
        {
            yawRate = Math.CopySign(_maxLateral / v1, yawRate);
        }

        // Midpoint rule over the step: heading and speed at the step's middle (error O(Δt³)).
        double vMid = 0.5 * (v0 + v1);
        double yawMid = _state.Yaw + (0.5 * yawRate * StepSeconds);
        _state.X += vMid * Math.Cos(yawMid) * StepSeconds;
        _state.Y += vMid * Math.Sin(yawMid) * StepSeconds;
        _state.Yaw += yawRate * StepSeconds;
        _state.Speed = v1;
        _state.YawRate = yawRate;
        _state.Acceleration = a;
    }

    private double BicycleYawRate(double v, double curvatureCommand)
    {
        // The controller commands δ_cmd = atan(κ·L); the servo follows with a lag.
        double command = Math.Clamp(Math.Atan(curvatureCommand * _wheelbase), -_maxSteering, _maxSteering);
        _state.SteeringCommand = command;
        _state.Steering += (command - _state.Steering) * _steeringBlend;

        // Kinematic bicycle with an understeer gradient K: ω = v·tan δ / (L·(1 + K·v²)).
        return v * Math.Tan(_state.Steering) / (_wheelbase * (1.0 + (_understeer * v * v)));
    }
}
