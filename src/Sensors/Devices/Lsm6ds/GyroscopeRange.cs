namespace EdgeLstm.Sensors.Devices.Lsm6ds;

/// <summary>CTRL2_G FS_G (bits [3:2]) with FS_125 clear. Sensitivities from the mechanical characteristics table.</summary>
public enum GyroscopeRange : byte
{
    /// <summary>±250 °/s, 8.75 m°/s per LSB.</summary>
    Range250DegreesPerSecond = 0b00,

    /// <summary>±500 °/s, 17.50 m°/s per LSB.</summary>
    Range500DegreesPerSecond = 0b01,

    /// <summary>±1000 °/s, 35 m°/s per LSB.</summary>
    Range1000DegreesPerSecond = 0b10,

    /// <summary>±2000 °/s, 70 m°/s per LSB.</summary>
    Range2000DegreesPerSecond = 0b11,
}
