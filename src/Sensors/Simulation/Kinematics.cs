namespace EdgeLstm.Sensors.Simulation;

/// <summary>How the simulated robot steers, which also decides what its wheel sensors report.</summary>
public enum Kinematics
{
    /// <summary>Two driven wheels on one axle (skid steering); reports cumulative wheel ticks.</summary>
    Differential,

    /// <summary>Ackermann car (like the F1/10 platform) in the bicycle model; reports motor-controller odometry v, w.</summary>
    Bicycle,
}
