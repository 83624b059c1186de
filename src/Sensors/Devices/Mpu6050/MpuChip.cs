namespace EdgeLstm.Sensors.Devices.Mpu6050;

/// <summary>Family members told apart by WHO_AM_I (RM-MPU-6000A 4.32, RM-MPU-6500A 4.38, RM-MPU-9250A 4.40).</summary>
public enum MpuChip : byte
{
    /// <summary>MPU-6050 (and MPU-6000): WHO_AM_I 0x68.</summary>
    Mpu6050 = 0x68,

    /// <summary>MPU-6500: WHO_AM_I 0x70.</summary>
    Mpu6500 = 0x70,

    /// <summary>MPU-9250 (the MPU-6500 die plus an AK8963 magnetometer): WHO_AM_I 0x71.</summary>
    Mpu9250 = 0x71,
}
