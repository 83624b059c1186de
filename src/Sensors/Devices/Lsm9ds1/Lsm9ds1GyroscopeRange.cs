namespace EdgeLstm.Sensors.Devices.Lsm9ds1;

/// <summary>FS_G codes (CTRL_REG1_G [4:3]); the LSM9DS1 has no ±1000 °/s range.</summary>
public enum Lsm9ds1GyroscopeRange : byte
{
    /// <summary>±245 °/s, 8.75 mdps/LSB.</summary>
    Range245DegreesPerSecond = 0,

    /// <summary>±500 °/s, 17.50 mdps/LSB.</summary>
    Range500DegreesPerSecond = 1,

    /// <summary>±2000 °/s, 70 mdps/LSB.</summary>
    Range2000DegreesPerSecond = 3,
}
