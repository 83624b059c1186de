namespace EdgeLstm.Sensors.Devices.Mpu6050;

/// <summary>
/// Register addresses used by this binding, from "MPU-6000/MPU-6050 Register Map and
/// Descriptions" RM-MPU-6000A-00 rev. 4.2 (section numbers in comments); the MPU-6500 and MPU-9250
/// register maps (RM-MPU-6500A-00, RM-MPU-9250A-00) keep the same addresses.
/// </summary>
internal enum Register : byte
{
    /// <summary>4.2 Sample rate divider: rate = gyro output rate / (1 + SMPLRT_DIV).</summary>
    SampleRateDivider = 0x19,

    /// <summary>4.3 CONFIG: EXT_SYNC_SET [5:3], DLPF_CFG [2:0].</summary>
    Configuration = 0x1A,

    /// <summary>4.4 GYRO_CONFIG: FS_SEL [4:3].</summary>
    GyroscopeConfiguration = 0x1B,

    /// <summary>4.5 ACCEL_CONFIG: AFS_SEL [4:3].</summary>
    AccelerometerConfiguration = 0x1C,

    /// <summary>4.7 FIFO_EN: which sensor registers are written into the FIFO.</summary>
    FifoEnable = 0x23,

    /// <summary>4.15 INT_ENABLE.</summary>
    InterruptEnable = 0x38,

    /// <summary>4.16 INT_STATUS: FIFO_OFLOW_INT [4], DATA_RDY_INT [0]; cleared by reading.</summary>
    InterruptStatus = 0x3A,

    /// <summary>4.17 ACCEL_XOUT_H: first of 14 consecutive output bytes (accel, temperature, gyro), big-endian.</summary>
    AccelerometerXOutHigh = 0x3B,

    /// <summary>4.18 TEMP_OUT_H.</summary>
    TemperatureOutHigh = 0x41,

    /// <summary>4.19 GYRO_XOUT_H.</summary>
    GyroscopeXOutHigh = 0x43,

    /// <summary>4.26 SIGNAL_PATH_RESET.</summary>
    SignalPathReset = 0x68,

    /// <summary>4.27 USER_CTRL: FIFO_EN [6], FIFO_RESET [2], SIG_COND_RESET [0].</summary>
    UserControl = 0x6A,

    /// <summary>4.28 PWR_MGMT_1: DEVICE_RESET [7], SLEEP [6], CLKSEL [2:0]. Reset value 0x40 (asleep).</summary>
    PowerManagement1 = 0x6B,

    /// <summary>4.29 PWR_MGMT_2.</summary>
    PowerManagement2 = 0x6C,

    /// <summary>4.30 FIFO_COUNTH: byte count, high byte first (FIFO_COUNTL follows at 0x73).</summary>
    FifoCountHigh = 0x72,

    /// <summary>4.31 FIFO_R_W: reading pops the FIFO; the address does not advance during a burst.</summary>
    FifoReadWrite = 0x74,

    /// <summary>4.32 WHO_AM_I: 0x68 (MPU-6050), 0x70 (MPU-6500), 0x71 (MPU-9250).</summary>
    WhoAmI = 0x75,
}
