namespace EdgeLstm.Sensors.Devices.Lsm9ds1;

/// <summary>
/// ODR_G codes (CTRL_REG1_G [7:5]); with the gyroscope on, the accelerometer samples at the same
/// rate (DocID025715 7.12, "accelerometer and gyroscope both activated").
/// </summary>
public enum Lsm9ds1DataRate : byte
{
    /// <summary>Both sensors off.</summary>
    PowerDown = 0,

    /// <summary>14.9 Hz.</summary>
    Hz14_9 = 1,

    /// <summary>59.5 Hz.</summary>
    Hz59_5 = 2,

    /// <summary>119 Hz.</summary>
    Hz119 = 3,

    /// <summary>238 Hz.</summary>
    Hz238 = 4,

    /// <summary>476 Hz.</summary>
    Hz476 = 5,

    /// <summary>952 Hz.</summary>
    Hz952 = 6,
}
