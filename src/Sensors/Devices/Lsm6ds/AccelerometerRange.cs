namespace EdgeLstm.Sensors.Devices.Lsm6ds;

/// <summary>
/// CTRL1_XL FS_XL (bits [3:2]); note the datasheet's odd code order. Sensitivities from the
/// mechanical characteristics table (LSM6DSOX DS12814 table 2, same in the LSM6DS3).
/// </summary>
public enum AccelerometerRange : byte
{
    /// <summary>±2 g, 0.061 mg/LSB.</summary>
    Range2G = 0b00,

    /// <summary>±16 g, 0.488 mg/LSB.</summary>
    Range16G = 0b01,

    /// <summary>±4 g, 0.122 mg/LSB.</summary>
    Range4G = 0b10,

    /// <summary>±8 g, 0.244 mg/LSB.</summary>
    Range8G = 0b11,
}
