namespace EdgeLstm.Predictor.Model;

/// <summary>The yaw rate the physics prior turns with.</summary>
public enum PriorYawSource : byte
{
    /// <summary>The gyro's z rate while the IMU is fresh, the odometry's yaw rate during an IMU gap or on a robot without an IMU.</summary>
    GyroWhenFresh = 0,

    /// <summary>Always the odometry's yaw rate: robots without an IMU (wheel odometry v, w only).</summary>
    Odometry = 1,
}
