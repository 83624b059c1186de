namespace EdgeLstm.Sensors.Devices.Mpu6050;

/// <summary>PWR_MGMT_1 bits (RM-MPU-6000A 4.28).</summary>
[Flags]
internal enum PowerManagementBits : byte
{
    None = 0,

    /// <summary>CLKSEL = 1: PLL on the X gyro, far more stable than the internal 8 MHz oscillator (the datasheet's recommendation).</summary>
    ClockPllXGyro = 0x01,

    /// <summary>TEMP_DIS.</summary>
    TemperatureDisable = 0x08,

    /// <summary>CYCLE.</summary>
    Cycle = 0x20,

    /// <summary>SLEEP: set after power-on and after DEVICE_RESET.</summary>
    Sleep = 0x40,

    /// <summary>DEVICE_RESET: all registers to their defaults; clears itself.</summary>
    DeviceReset = 0x80,
}
