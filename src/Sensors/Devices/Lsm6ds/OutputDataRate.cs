namespace EdgeLstm.Sensors.Devices.Lsm6ds;

/// <summary>ODR_XL / ODR_G codes (CTRL1_XL, CTRL2_G bits [7:4]) in high-performance mode.</summary>
public enum OutputDataRate : byte
{
    /// <summary>Sensor off (the reset state).</summary>
    PowerDown = 0,
    Hz12_5 = 1,
    Hz26 = 2,
    Hz52 = 3,
    Hz104 = 4,
    Hz208 = 5,
    Hz416 = 6,
    Hz833 = 7,
    Hz1660 = 8,
    Hz3330 = 9,
    Hz6660 = 10,
}
