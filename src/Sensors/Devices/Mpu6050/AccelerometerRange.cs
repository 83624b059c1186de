namespace EdgeLstm.Sensors.Devices.Mpu6050;

/// <summary>ACCEL_CONFIG AFS_SEL (RM-MPU-6000A 4.5); the value is the field, shifted into bits [4:3].</summary>
public enum AccelerometerRange : byte
{
    /// <summary>±2 g, 16384 LSB/g (datasheet PS-MPU-6000A 6.2).</summary>
    Range2G = 0,

    /// <summary>±4 g, 8192 LSB/g.</summary>
    Range4G = 1,

    /// <summary>±8 g, 4096 LSB/g.</summary>
    Range8G = 2,

    /// <summary>±16 g, 2048 LSB/g.</summary>
    Range16G = 3,
}
