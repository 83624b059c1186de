namespace EdgeLstm.Sensors.Devices.Lsm9ds1;

/// <summary>Accelerometer/gyroscope registers of the LSM9DS1 (ST DocID025715, section 7).</summary>
internal enum Register : byte
{
    /// <summary>WHO_AM_I: 0x68 for the accelerometer/gyroscope part.</summary>
    WhoAmI = 0x0F,

    /// <summary>CTRL_REG1_G: ODR_G [7:5], FS_G [4:3], BW_G [1:0].</summary>
    Control1Gyroscope = 0x10,

    /// <summary>OUT_TEMP_L: temperature (2 bytes), STATUS_REG, then OUT_X_L_G .. OUT_Z_H_G: 9 bytes in one burst.</summary>
    TemperatureOutLow = 0x15,

    /// <summary>CTRL_REG6_XL: ODR_XL [7:5], FS_XL [4:3], BW_SCAL_ODR [2], BW_XL [1:0].</summary>
    Control6Accelerometer = 0x20,

    /// <summary>CTRL_REG8: BOOT [7], BDU [6], IF_ADD_INC [2] (default set), BLE [1], SW_RESET [0].</summary>
    Control8 = 0x22,

    /// <summary>OUT_X_L_XL: accelerometer X, Y, Z, little-endian.</summary>
    AccelerometerXOutLow = 0x28,
}
