namespace EdgeLstm.Sensors.Devices.Mpu6050;

/// <summary>GYRO_CONFIG FS_SEL (RM-MPU-6000A 4.4); the value is the field, shifted into bits [4:3].</summary>
public enum GyroscopeRange : byte
{
    /// <summary>±250 °/s, 131 LSB/(°/s) (datasheet PS-MPU-6000A 6.1).</summary>
    Range250DegreesPerSecond = 0,

    /// <summary>±500 °/s, 65.5 LSB/(°/s).</summary>
    Range500DegreesPerSecond = 1,

    /// <summary>±1000 °/s, 32.8 LSB/(°/s).</summary>
    Range1000DegreesPerSecond = 2,

    /// <summary>±2000 °/s, 16.4 LSB/(°/s).</summary>
    Range2000DegreesPerSecond = 3,
}
