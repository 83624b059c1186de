namespace EdgeLstm.Messaging.Publishing;

/// <summary>
/// What a producer knows about one finished prediction, handed to <see cref="PredictionRing.Enqueue"/>
/// with its path. A struct passed by reference: building one allocates nothing. SI units; the pose
/// and path in the odometry frame, the ground truth (when known) in the source's world frame.
/// </summary>
public readonly struct FinishedPrediction
{
    /// <summary>Monotonic sequence number; lets subscribers see gaps.</summary>
    public long Seq { get; init; }

    /// <summary>Time of the frame the prediction was made from, seconds.</summary>
    public double TimeSeconds { get; init; }

    public double X { get; init; }

    public double Y { get; init; }

    public double Yaw { get; init; }

    /// <summary>Forward speed, m/s.</summary>
    public double V { get; init; }

    /// <summary>Yaw rate, rad/s.</summary>
    public double W { get; init; }

    /// <summary>Time step between path poses, seconds.</summary>
    public double Dt { get; init; }

    /// <summary>A reference to an existing string: setting it allocates nothing.</summary>
    public string ModelName { get; init; }

    /// <summary>Time from the frame's release to the finished prediction (the predictor step), microseconds.</summary>
    public double LatencyMicros { get; init; }

    /// <summary>
    /// ν of the spread's regions when they are Student-t and the same at every pose (published as the
    /// optional "spread_dof", a number); 0 or +∞ for Gaussian regions, or when ν varies along the path.
    /// </summary>
    public double SpreadDegreesOfFreedom { get; init; }

    /// <summary>
    /// ν of each pose's regions when it varies along the path (published as "spread_dof", an array;
    /// +∞ for a Gaussian pose); empty otherwise. A reference to the producer's array, which it may
    /// overwrite for its next prediction: the ring copies it into the slot.
    /// </summary>
    public ReadOnlyMemory<double> SpreadDegreesOfFreedomPerPose { get; init; }

    /// <summary>
    /// ν of the heading intervals when they are Student-t and the same at every pose (the optional
    /// "yaw_dof", a number); +∞ for Gaussian intervals, or when ν varies along the path.
    /// </summary>
    public double YawDegreesOfFreedom { get; init; }

    /// <summary>
    /// ν of each pose's heading interval when it varies along the path ("yaw_dof", an array; +∞ for a
    /// Gaussian pose); empty otherwise. A reference to the producer's array, which it may overwrite for
    /// its next prediction: the ring copies it into the slot.
    /// </summary>
    public ReadOnlyMemory<double> YawDegreesOfFreedomPerPose { get; init; }

    public bool HasGroundTruth { get; init; }

    public double GtX { get; init; }

    public double GtY { get; init; }

    public double GtYaw { get; init; }
}
