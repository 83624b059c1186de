namespace EdgeLstm.Messaging.Subscribing;

/// <summary>A pose (x, y in m, yaw in rad).</summary>
public readonly record struct ObservedPose(double X, double Y, double Yaw);

/// <summary>Something seen on a robot's topics by <see cref="PredictionSubscriber"/>.</summary>
public abstract record ObservedMessage(string RobotId, string Topic);

/// <summary>
/// A prediction; <see cref="PathEnd"/> is the last pose of the path (null for an empty path);
/// <see cref="Radius90At1s"/> and <see cref="Radius90At2s"/> the semi-major axis (m) of the 90 % region
/// of the poses 1 s and 2 s ahead, when the payload carries the optional spread and reaches that far.
/// </summary>
public sealed record ObservedPrediction(
    string RobotId,
    string Topic,
    long Seq,
    double TimeSeconds,
    ObservedPose Pose,
    ObservedPose? PathEnd,
    int PathLength,
    string Model,
    double LatencyMicros,
    double? Radius90At1s = null,
    double? Radius90At2s = null) : ObservedMessage(RobotId, Topic);

/// <summary>A status; <see cref="Retained"/> is true when it is the broker's stored copy, not a live change.</summary>
public sealed record ObservedStatus(string RobotId, string Topic, string State, double TimeSeconds, bool Retained)
    : ObservedMessage(RobotId, Topic)
{
    /// <summary>The residual guard's mean gain (details.guard.mean_gain) when the worker reports one.</summary>
    public double? GuardGain { get; init; }
}

/// <summary>A payload that could not be parsed; <see cref="Error"/> says why.</summary>
public sealed record ObservedMalformed(string RobotId, string Topic, string Error) : ObservedMessage(RobotId, Topic);
