namespace EdgeLstm.Sensors.Devices.Mpu6050;

/// <summary>INT_STATUS bits (RM-MPU-6000A 4.16); reading the register clears them.</summary>
[Flags]
internal enum InterruptStatusBits : byte
{
    None = 0,

    /// <summary>DATA_RDY_INT: a new sample was written to the output registers.</summary>
    DataReady = 0x01,

    /// <summary>FIFO_OFLOW_INT: the FIFO overflowed and the oldest bytes were lost.</summary>
    FifoOverflow = 0x10,
}
