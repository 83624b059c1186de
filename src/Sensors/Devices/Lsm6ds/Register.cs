namespace EdgeLstm.Sensors.Devices.Lsm6ds;

/// <summary>
/// Register addresses used by this binding; identical in the LSM6DS3 (DocID026899, section 9),
/// LSM6DS3TR-C (DS11937, section 9) and LSM6DSOX (DS12814, section 9) datasheets.
/// </summary>
internal enum Register : byte
{
    /// <summary>WHO_AM_I: 0x69 (LSM6DS3/DS33), 0x6A (LSM6DS3TR-C), 0x6C (LSM6DSOX/DSO).</summary>
    WhoAmI = 0x0F,

    /// <summary>CTRL1_XL: ODR_XL [7:4], FS_XL [3:2], bandwidth/LPF bits [1:0].</summary>
    Control1Accelerometer = 0x10,

    /// <summary>CTRL2_G: ODR_G [7:4], FS_G [3:2], FS_125 [1].</summary>
    Control2Gyroscope = 0x11,

    /// <summary>CTRL3_C: BOOT [7], BDU [6], IF_INC [2], SW_RESET [0]. Default 0x04.</summary>
    Control3 = 0x12,

    /// <summary>STATUS_REG: TDA [2], GDA [1], XLDA [0].</summary>
    Status = 0x1E,

    /// <summary>OUT_TEMP_L: first of 14 output bytes (temperature, gyro XYZ, accel XYZ), little-endian.</summary>
    TemperatureOutLow = 0x20,

    /// <summary>OUTX_L_G.</summary>
    GyroscopeXOutLow = 0x22,

    /// <summary>OUTX_L_XL (OUTX_L_A on the LSM6DSOX).</summary>
    AccelerometerXOutLow = 0x28,
}
