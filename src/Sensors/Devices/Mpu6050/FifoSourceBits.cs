namespace EdgeLstm.Sensors.Devices.Mpu6050;

/// <summary>
/// FIFO_EN bits (RM-MPU-6000A 4.7). Enabled sources are written in register order, so accel plus
/// the three gyro axes make a 12-byte frame: AX AY AZ GX GY GZ, each big-endian.
/// </summary>
[Flags]
internal enum FifoSourceBits : byte
{
    None = 0,
    Accelerometer = 0x08,
    GyroscopeZ = 0x10,
    GyroscopeY = 0x20,
    GyroscopeX = 0x40,
    Temperature = 0x80,
}
