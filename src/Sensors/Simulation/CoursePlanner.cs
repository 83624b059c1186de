namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// The "driver": picks random waypoints in a square arena and steers towards them, with a cruise
/// speed that changes now and then, occasional stops (brake to rest, wait, drive on) and S-bends
/// (a sinusoidal curvature sweep). It slows down for tight turns so that the lateral acceleration
/// stays below the grip limit, and it steers smoothly (the curvature changes at a bounded rate).
/// </summary>
internal sealed class CoursePlanner
{
    private const double ArriveRadius = 0.4;          // m
    private const double PassedRadius = 1.0;          // m: closer than this and behind us counts as reached
    private const double MinLegLength = 3.0;          // m
    private const double SteeringSpeedFloor = 0.3;    // m/s: κ = ω_des / max(v, floor) stays finite when slow
    private const double CurvatureRate = 3.0;         // 1/(m·s): how fast the driver winds the wheel
    private const double PlannedLateralShare = 0.8;   // plan turns at 80 % of the grip limit
    private const double StopBrakingShare = 0.5;      // brake for a stop at half the deceleration limit
    private const double ForcedStopInterval = 25.0;   // s: never drive longer than this without a stop
    private const double StopProbability = 0.3;
    private const double SBendProbability = 0.3;

    private readonly GaussianRandom _random;
    private readonly double _maxSpeed;
    private readonly double _maxLateral;
    private readonly double _maxBrake;
    private readonly double _maxCurvature;
    private readonly double _arena;

    private Mode _mode = Mode.Waiting;
    private double _waypointX;
    private double _waypointY;
    private double _headingGain;          // 1/s: ω_des = gain · heading error
    private double _cruiseSpeed;
    private double _nextSpeedChange;
    private bool _stopAtWaypoint;
    private double _legDeadline;
    private double _lastStopTime;
    private double _waitUntil;
    private double _bendStart;
    private double _bendAmplitude;       // 1/m, signed: which way the S starts
    private double _bendPeriod;          // s
    private double _bendEnd;

    public CoursePlanner(SimulatorOptions options, double maxPathCurvature, GaussianRandom random)
    {
        _random = random;
        _maxSpeed = options.EffectiveMaxSpeed;
        _maxLateral = options.MaxLateralAcceleration;
        _maxBrake = options.MaxDeceleration;
        _maxCurvature = maxPathCurvature;
        _arena = options.ArenaHalfSize;

        // Start at rest and wait a moment, as a robot does after power-up.
        _waitUntil = random.Uniform(0.5, 1.5);
    }

    private enum Mode
    {
        Driving,
        Stopping,
        Waiting,
        SBend,
    }

    /// <summary>Speed the driver wants (m/s).</summary>
    public double TargetSpeed { get; private set; }

    /// <summary>Path curvature the driver commands (1/m), positive to the left, smoothed.</summary>
    public double Curvature { get; private set; }

    public void Update(double time, in VehicleState state)
    {
        (double speed, double curvature) = _mode switch
        {
            Mode.Driving => Drive(time, state),
            Mode.Stopping => Stop(time, state),
            Mode.SBend => Bend(time, state),
            _ => Wait(time, state),
        };

        TargetSpeed = speed;
        SmoothCurvature(curvature, state.Speed);
    }

    private (double Speed, double Curvature) Drive(double time, in VehicleState state)
    {
        double dx = _waypointX - state.X;
        double dy = _waypointY - state.Y;
        double distance = Math.Sqrt((dx * dx) + (dy * dy));
        double headingError = VehicleState.WrapAngle(Math.Atan2(dy, dx) - state.Yaw);

        // A waypoint inside the turning circle can be circled for ever: passing close by counts,
        // and a leg that takes far too long is abandoned.
        if (distance < ArriveRadius
            || (distance < PassedRadius && Math.Abs(headingError) > 0.5 * Math.PI)
            || time >= _legDeadline)
        {
            return Arrive(time, state);
        }

        if (time >= _nextSpeedChange)
        {
            PickCruiseSpeed(time);
        }

        // Turn towards the waypoint at ω_des = gain·error, i.e. κ = ω_des / v.
        double curvature = _headingGain * headingError / Math.Max(state.Speed, SteeringSpeedFloor);
        double speed = Math.Min(_cruiseSpeed, TurnSpeed(curvature));
        if (_stopAtWaypoint)
        {
            // v = √(2·a·d): the speed from which braking at a stops within the distance d left.
            double left = Math.Max(distance - (0.5 * ArriveRadius), 0);
            speed = Math.Min(speed, Math.Sqrt(2.0 * StopBrakingShare * _maxBrake * left));
        }

        return (speed, curvature);
    }

    private (double Speed, double Curvature) Arrive(double time, in VehicleState state)
    {
        if (_stopAtWaypoint)
        {
            _mode = Mode.Stopping;
            return Stop(time, state);
        }

        if (_random.Chance(SBendProbability))
        {
            _mode = Mode.SBend;
            _bendStart = time;
            _bendPeriod = _random.Uniform(2.5, 5.0);
            _bendAmplitude = _random.Uniform(0.35, 0.9) * _maxCurvature * (_random.Chance(0.5) ? 1 : -1);
            _bendEnd = time + (_bendPeriod * (_random.Chance(0.5) ? 1.0 : 2.0));
            return Bend(time, state);
        }

        StartLeg(time, state);
        return (_cruiseSpeed, Curvature);
    }

    private (double Speed, double Curvature) Stop(double time, in VehicleState state)
    {
        if (state.Speed <= 0)
        {
            _mode = Mode.Waiting;
            _lastStopTime = time;
            _waitUntil = time + _random.Uniform(1.0, 4.0);
        }

        return (0, 0);
    }

    private (double Speed, double Curvature) Wait(double time, in VehicleState state)
    {
        if (time < _waitUntil)
        {
            return (0, 0);
        }

        StartLeg(time, state);
        return (0, Curvature); // the next step drives
    }

    private (double Speed, double Curvature) Bend(double time, in VehicleState state)
    {
        if (time >= _bendEnd)
        {
            StartLeg(time, state);
            return (_cruiseSpeed, Curvature);
        }

        // κ(t) = A·sin(2π(t − t0)/T); the speed is set for the peak curvature so it stays steady.
        double curvature = _bendAmplitude * Math.Sin(2.0 * Math.PI * (time - _bendStart) / _bendPeriod);
        return (Math.Min(_cruiseSpeed, TurnSpeed(_bendAmplitude)), curvature);
    }

    /// <summary>v = √(a_lat / |κ|): the highest speed at which the curvature keeps within the planned share of grip.</summary>
    private double TurnSpeed(double curvature)
    {
        double k = Math.Min(Math.Abs(curvature), _maxCurvature);
        return k < 1e-9 ? double.PositiveInfinity : Math.Sqrt(PlannedLateralShare * _maxLateral / k);
    }

    private void SmoothCurvature(double wanted, double speed)
    {
        double limit = _maxCurvature;
        if (speed > 0)
        {
            // A driver does not steer beyond what the tyres can hold at this speed: |κ| ≤ a_lat / v².
            limit = Math.Min(limit, _maxLateral / (speed * speed));
        }

        double target = Math.Clamp(wanted, -limit, limit);
        double step = CurvatureRate * VehicleDynamics.StepSeconds;
        Curvature += Math.Clamp(target - Curvature, -step, step);
    }

    private void StartLeg(double time, in VehicleState state)
    {
        // Uniform in the arena, far enough away to make a real leg; a few tries always suffice.
        for (int attempt = 0; attempt < 20; attempt++)
        {
            _waypointX = _random.Uniform(-_arena, _arena);
            _waypointY = _random.Uniform(-_arena, _arena);
            if (Math.Abs(_waypointX - state.X) + Math.Abs(_waypointY - state.Y) >= MinLegLength)
            {
                break;
            }
        }

        _mode = Mode.Driving;
        _headingGain = _random.Uniform(0.8, 2.0);
        PickCruiseSpeed(time);
        _stopAtWaypoint = _random.Chance(StopProbability) || time - _lastStopTime > ForcedStopInterval;
        double length = Math.Sqrt(((_waypointX - state.X) * (_waypointX - state.X)) + ((_waypointY - state.Y) * (_waypointY - state.Y)));
        _legDeadline = time + (3.0 * length / _cruiseSpeed) + 10.0;
    }

    private void PickCruiseSpeed(double time)
    {
        _cruiseSpeed = _random.Uniform(0.35, 1.0) * _maxSpeed;
        _nextSpeedChange = time + _random.Uniform(3.0, 8.0);
    }
}
