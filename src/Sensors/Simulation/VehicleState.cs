namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// The true state of the robot at one instant. Yaw is kept unwrapped (continuous) so that it can
/// be interpolated and differentiated; it is wrapped only when reported.
/// </summary>
internal struct VehicleState
{
    public double X;
    public double Y;
    public double Yaw;

    /// <summary>Forward speed v (m/s), never negative (the course does not reverse).</summary>
    public double Speed;

    /// <summary>True yaw rate ω (rad/s), positive to the left.</summary>
    public double YawRate;

    /// <summary>Longitudinal acceleration dv/dt (m/s²) over the last step.</summary>
    public double Acceleration;

    /// <summary>Steering angle the controller commands (bicycle), rad.</summary>
    public double SteeringCommand;

    /// <summary>Steering angle the wheels actually have (bicycle), rad.</summary>
    public double Steering;

    /// <summary>Centripetal acceleration v·ω (m/s²), positive to the left.</summary>
    public readonly double LateralAcceleration => Speed * YawRate;

    /// <summary>Linear interpolation a + f·(b − a) between two integration steps, f in [0, 1].</summary>
    public static VehicleState Lerp(in VehicleState a, in VehicleState b, double f) => new()
    {
        X = a.X + (f * (b.X - a.X)),
        Y = a.Y + (f * (b.Y - a.Y)),
        Yaw = a.Yaw + (f * (b.Yaw - a.Yaw)),
        Speed = a.Speed + (f * (b.Speed - a.Speed)),
        YawRate = a.YawRate + (f * (b.YawRate - a.YawRate)),
        Acceleration = a.Acceleration + (f * (b.Acceleration - a.Acceleration)),
        SteeringCommand = a.SteeringCommand + (f * (b.SteeringCommand - a.SteeringCommand)),
        Steering = a.Steering + (f * (b.Steering - a.Steering)),
    };

    /// <summary>Angle wrapped to (−π, π].</summary>
    public static double WrapAngle(double angle)
    {
        double wrapped = Math.IEEERemainder(angle, 2.0 * Math.PI);
        return wrapped <= -Math.PI ? wrapped + (2.0 * Math.PI) : wrapped;
    }
}
