using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Tools.Data;

/// <summary>
/// One replay file prepared for training or evaluation: its frames at the model's rate and, per
/// frame, the true future path relative to the robot (when it is known).
/// </summary>
public sealed class Recording
{
    public Recording(string name, Frame[] frames, float[] targets, int[] knownSteps, bool targetsFromGroundTruth, int horizonSteps, bool hasImu = true)
    {
        HasImu = hasImu;
        Name = name;
        Frames = frames;
        Targets = targets;
        KnownSteps = knownSteps;
        TargetsFromGroundTruth = targetsFromGroundTruth;
        HorizonSteps = horizonSteps;
    }

    public string Name { get; }

    public Frame[] Frames { get; }

    /// <summary>(T, 3K): future poses (x, y, yaw) in the frame of the pose at each frame.</summary>
    public float[] Targets { get; }

    /// <summary>(T): how many leading steps of each frame's target are known (0..K).</summary>
    public int[] KnownSteps { get; }

    /// <summary>True when targets come from ground truth, false when from future dead-reckoned odometry.</summary>
    public bool TargetsFromGroundTruth { get; }

    public int HorizonSteps { get; }

    /// <summary>False when the source has no IMU at all (wheel odometry only): the gyro features are zeros.</summary>
    public bool HasImu { get; }

    public int Length => Frames.Length;

    public ReadOnlySpan<float> Target(int frame) => Targets.AsSpan(frame * 3 * HorizonSteps, 3 * HorizonSteps);
}
