namespace EdgeLstm.Sensors.Devices.Mpu6050;

/// <summary>
/// CONFIG DLPF_CFG (RM-MPU-6000A 4.3), named by the MPU-6050 accelerometer bandwidth; the
/// MPU-6500/9250 gyro bandwidths are 250, 184, 92, 41, 20, 10, 5 Hz for the same codes. Setting 0
/// runs the gyro at an 8 kHz internal rate, every other setting at 1 kHz.
/// </summary>
public enum DigitalLowPassFilter : byte
{
    /// <summary>Accel 260 Hz, gyro 256 Hz; gyro internal rate 8 kHz.</summary>
    Bandwidth260Hz = 0,

    /// <summary>Accel 184 Hz, gyro 188 Hz.</summary>
    Bandwidth184Hz = 1,

    /// <summary>Accel 94 Hz, gyro 98 Hz.</summary>
    Bandwidth94Hz = 2,

    /// <summary>Accel 44 Hz, gyro 42 Hz.</summary>
    Bandwidth44Hz = 3,

    /// <summary>Accel 21 Hz, gyro 20 Hz.</summary>
    Bandwidth21Hz = 4,

    /// <summary>Accel 10 Hz, gyro 10 Hz.</summary>
    Bandwidth10Hz = 5,

    /// <summary>Accel 5 Hz, gyro 5 Hz.</summary>
    Bandwidth5Hz = 6,
}
