namespace EdgeLstm.Sensors.Devices.Lsm6ds;

/// <summary>Family members told apart by WHO_AM_I (register 0x0F).</summary>
public enum LsmChip : byte
{
    /// <summary>LSM6DS3 and LSM6DS33: WHO_AM_I 0x69; temperature 16 LSB/°C.</summary>
    Lsm6ds3 = 0x69,

    /// <summary>LSM6DS3TR-C: WHO_AM_I 0x6A; temperature 256 LSB/°C.</summary>
    Lsm6ds3trc = 0x6A,

    /// <summary>LSM6DSOX and LSM6DSO: WHO_AM_I 0x6C; temperature 256 LSB/°C.</summary>
    Lsm6dsox = 0x6C,
}
