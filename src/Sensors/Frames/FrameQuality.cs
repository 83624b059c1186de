namespace EdgeLstm.Sensors.Frames;

/// <summary>
/// Per-frame data quality. A gap means the newest sample of that stream is older than the gap
/// threshold at the frame time: the frame holds the last value instead of inventing one.
/// </summary>
[Flags]
public enum FrameQuality : byte
{
    None = 0,
    ImuGap = 1,
    OdometryGap = 2,
    GroundTruthGap = 4,

    /// <summary>The source reported a sensor fault (failed read, stuck chip) for this frame.</summary>
    SensorFault = 8,

    /// <summary>
    /// The first frame after sensor time jumped (forward or back) by more than the assembler's
    /// time-jump threshold: nothing was built across the jump, the held values were forgotten and
    /// the frame grid restarted at the new time. Stateful consumers (the LSTM) reset here.
    /// </summary>
    TimeJump = 16,

    /// <summary>
    /// The source has no IMU (none configured, or a replay without IMU columns) and none has reported:
    /// the IMU fields are zeros, not readings. Not a gap: nothing is missing that should be there.
    /// </summary>
    NoImu = 32,
}
