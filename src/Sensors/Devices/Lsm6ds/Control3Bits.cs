namespace EdgeLstm.Sensors.Devices.Lsm6ds;

/// <summary>CTRL3_C bits (LSM6DSOX DS12814 9.16, LSM6DS3 9.14).</summary>
[Flags]
internal enum Control3Bits : byte
{
    None = 0,

    /// <summary>SW_RESET: registers to their defaults; clears itself when done (about 50 µs).</summary>
    SoftwareReset = 0x01,

    /// <summary>BLE (LSM6DS3 only): big-endian output when set. Left clear: data is little-endian.</summary>
    BigLittleEndian = 0x02,

    /// <summary>IF_INC: register address advances during a burst (set by default).</summary>
    AutoIncrement = 0x04,

    /// <summary>BDU: output registers not updated until both bytes were read, so a burst never mixes two samples.</summary>
    BlockDataUpdate = 0x40,

    /// <summary>BOOT: reloads trimming parameters.</summary>
    Boot = 0x80,
}
