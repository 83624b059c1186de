namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// Everything that shapes a simulated run. The defaults describe a small indoor robot with a cheap
/// MEMS IMU; every random choice of the run (course, biases, noise) follows from <see cref="Seed"/>.
/// All values are SI: m, s, rad, m/s, m/s², rad/s.
/// </summary>
public sealed record SimulatorOptions
{
    public int Seed { get; set; }

    /// <summary>Length of the run in seconds; null streams events without end.</summary>
    public double? Seconds { get; set; }

    public Kinematics Kinematics { get; set; } = Kinematics.Differential;

    // ---- sample rates (each stream on its own grid) ----
    public double ImuRateHz { get; set; } = 100;

    /// <summary>Rate of the wheel stream: ticks (differential) or motor-controller odometry (bicycle).</summary>
    public double WheelRateHz { get; set; } = 50;

    public double GroundTruthRateHz { get; set; } = 50;

    // ---- geometry ----
    public double TrackWidthMeters { get; set; } = 0.16;

    public double WheelbaseMeters { get; set; } = 0.33;

    public double TicksPerMeter { get; set; } = 1000;

    // ---- driving envelope ----

    /// <summary>Top speed; null picks 1.0 m/s for a differential robot and 2.5 m/s for a bicycle car.</summary>
    public double? MaxSpeed { get; set; }

    public double MaxAcceleration { get; set; } = 1.2;

    public double MaxDeceleration { get; set; } = 2.0;

    /// <summary>Limit on the rate of change of acceleration, so speed changes are smooth (m/s³).</summary>
    public double MaxJerk { get; set; } = 4.0;

    /// <summary>Grip limit: |v·ω| never exceeds it (the tyres slide instead); the planner keeps below it.</summary>
    public double MaxLateralAcceleration { get; set; } = 2.0;

    /// <summary>Tightest path curvature of the differential robot (1/m).</summary>
    public double MaxCurvature { get; set; } = 2.0;

    /// <summary>Steering-angle limit of the bicycle car (rad).</summary>
    public double MaxSteeringAngle { get; set; } = 0.34;

    /// <summary>First-order time constant of the steering servo: the true angle lags the command (s).</summary>
    public double SteeringTimeConstant { get; set; } = 0.15;

    /// <summary>Understeer gradient K in ω = v·tan δ / (L·(1 + K·v²)) (s²/m²).</summary>
    public double UndersteerGradient { get; set; } = 0.03;

    /// <summary>Half the side of the square the waypoints are drawn from (m).</summary>
    public double ArenaHalfSize { get; set; } = 8.0;

    // ---- IMU ----
    public double AccelNoiseStdDev { get; set; } = 0.05;

    /// <summary>Extra accelerometer noise per m/s of speed (chassis vibration), m/s² per m/s.</summary>
    public double AccelVibrationPerSpeed { get; set; } = 0.15;

    /// <summary>Standard deviation of the constant per-run accelerometer bias on each axis.</summary>
    public double AccelBiasStdDev { get; set; } = 0.05;

    public double GyroNoiseStdDev { get; set; } = 0.005;

    /// <summary>Standard deviation of the constant per-run gyro bias on each axis (a few mrad/s).</summary>
    public double GyroBiasStdDev { get; set; } = 0.003;

    // ---- wheels / odometry ----

    /// <summary>
    /// Standard deviation of the slowly varying multiplicative wheel slip common to both wheels;
    /// each wheel drifts on its own by a further 30 % of this.
    /// </summary>
    public double WheelSlipStdDev { get; set; } = 0.01;

    /// <summary>Additional slip per m/s² of longitudinal acceleration (wheels spin up, skid when braking).</summary>
    public double WheelSlipPerAcceleration { get; set; } = 0.015;

    /// <summary>Correlation time of the slowly varying slip and odometry scale processes (s).</summary>
    public double SlipCorrelationSeconds { get; set; } = 5.0;

    /// <summary>Standard deviation of the motor-controller speed scale bias (bicycle), a few percent.</summary>
    public double OdometryScaleStdDev { get; set; } = 0.03;

    public double OdometrySpeedNoiseStdDev { get; set; } = 0.02;

    // ---- ground truth ----
    public double GroundTruthPositionNoiseStdDev { get; set; }

    public double GroundTruthYawNoiseStdDev { get; set; }

    /// <summary>Top speed after the kinematics-dependent default is applied.</summary>
    public double EffectiveMaxSpeed => MaxSpeed ?? (Kinematics == Kinematics.Bicycle ? 2.5 : 1.0);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Kinematics))
        {
            throw Bad(nameof(Kinematics), Kinematics, "must be Differential or Bicycle");
        }

        if (Seconds is { } seconds)
        {
            Positive(nameof(Seconds), seconds);
        }

        // Sensor rates above the 1 kHz truth integration would only interpolate between steps.
        Rate(nameof(ImuRateHz), ImuRateHz);
        Rate(nameof(WheelRateHz), WheelRateHz);
        Rate(nameof(GroundTruthRateHz), GroundTruthRateHz);

        Positive(nameof(TrackWidthMeters), TrackWidthMeters);
        Positive(nameof(WheelbaseMeters), WheelbaseMeters);
        Positive(nameof(TicksPerMeter), TicksPerMeter);
        if (MaxSpeed is { } maxSpeed)
        {
            Positive(nameof(MaxSpeed), maxSpeed);
        }

        Positive(nameof(MaxAcceleration), MaxAcceleration);
        Positive(nameof(MaxDeceleration), MaxDeceleration);
        Positive(nameof(MaxJerk), MaxJerk);
        Positive(nameof(MaxLateralAcceleration), MaxLateralAcceleration);
        Positive(nameof(MaxCurvature), MaxCurvature);
        Positive(nameof(MaxSteeringAngle), MaxSteeringAngle);
        if (MaxSteeringAngle >= 1.2)
        {
            throw Bad(nameof(MaxSteeringAngle), MaxSteeringAngle, "must be below 1.2 rad (tan δ grows without bound)");
        }

        NonNegative(nameof(SteeringTimeConstant), SteeringTimeConstant);
        NonNegative(nameof(UndersteerGradient), UndersteerGradient);
        if (ArenaHalfSize < 1)
        {
            throw Bad(nameof(ArenaHalfSize), ArenaHalfSize, "must be at least 1 m");
        }

        NonNegative(nameof(AccelNoiseStdDev), AccelNoiseStdDev);
        NonNegative(nameof(AccelVibrationPerSpeed), AccelVibrationPerSpeed);
        NonNegative(nameof(AccelBiasStdDev), AccelBiasStdDev);
        NonNegative(nameof(GyroNoiseStdDev), GyroNoiseStdDev);
        NonNegative(nameof(GyroBiasStdDev), GyroBiasStdDev);
        Fraction(nameof(WheelSlipStdDev), WheelSlipStdDev);
        Fraction(nameof(WheelSlipPerAcceleration), WheelSlipPerAcceleration);
        Positive(nameof(SlipCorrelationSeconds), SlipCorrelationSeconds);
        Fraction(nameof(OdometryScaleStdDev), OdometryScaleStdDev);
        NonNegative(nameof(OdometrySpeedNoiseStdDev), OdometrySpeedNoiseStdDev);
        NonNegative(nameof(GroundTruthPositionNoiseStdDev), GroundTruthPositionNoiseStdDev);
        NonNegative(nameof(GroundTruthYawNoiseStdDev), GroundTruthYawNoiseStdDev);
    }

    private static void Rate(string name, double hz)
    {
        if (!double.IsFinite(hz) || hz <= 0 || hz > VehicleDynamics.StepRateHz)
        {
            throw Bad(name, hz, $"must be a rate in (0, {VehicleDynamics.StepRateHz}] Hz");
        }
    }

    private static void Positive(string name, double value)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw Bad(name, value, "must be a finite number greater than zero");
        }
    }

    private static void NonNegative(string name, double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw Bad(name, value, "must be a finite number, zero or greater");
        }
    }

    // Slip and scale factors are relative; 0.2 or more would no longer describe a working sensor.
    private static void Fraction(string name, double value)
    {
        if (!double.IsFinite(value) || value < 0 || value >= 0.2)
        {
            throw Bad(name, value, "must be in [0, 0.2)");
        }
    }

    private static ArgumentException Bad(string name, object value, string what) =>
        new($"Simulator option {name} = {value} is invalid: it {what}.", name);
}
