namespace EdgeLstm.Sensors.Devices.Mpu6050;

/// <summary>USER_CTRL bits (RM-MPU-6000A 4.27).</summary>
[Flags]
internal enum UserControlBits : byte
{
    None = 0,

    /// <summary>SIG_COND_RESET: resets the sensor signal paths and clears the sensor registers.</summary>
    SignalConditionReset = 0x01,

    /// <summary>FIFO_RESET: empties the FIFO; clears itself. Only while FIFO_EN is 0.</summary>
    FifoReset = 0x04,

    /// <summary>FIFO_EN: lets the FIFO fill at the sample rate.</summary>
    FifoEnable = 0x40,
}
