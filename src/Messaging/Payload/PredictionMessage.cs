namespace EdgeLstm.Messaging.Payload;

/// <summary>
/// One prediction, as a reusable queue slot. Slots are allocated once by the publisher's queue and
/// filled in place by the predictor, so publishing a prediction allocates nothing on its thread.
/// All values are SI (m, rad, s, m/s, rad/s); the path is K poses (x, y, yaw) in the odometry frame.
/// </summary>
public sealed class PredictionMessage
{
    /// <summary>The frame the pose and path are expressed in; the design publishes in odometry.</summary>
    public const string OdometryFrame = "odom";

    internal PredictionMessage(int maxPoses, int slotIndex)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoses, 1);
        Path = new float[3 * maxPoses];
        Spread = new float[4 * maxPoses];
        _degreesOfFreedomPerPose = new double[maxPoses];
        _yawDegreesOfFreedomPerPose = new double[maxPoses];
        SlotIndex = slotIndex;
    }

    /// <summary>Monotonic sequence number chosen by the producer; lets subscribers see gaps.</summary>
    public long Seq { get; set; }

    /// <summary>Time of the frame the prediction was made from, seconds.</summary>
    public double TimeSeconds { get; set; }

    public double X { get; set; }

    public double Y { get; set; }

    public double Yaw { get; set; }

    /// <summary>
    /// True when the source knows the true pose at the frame (a replay with ground truth); then
    /// <see cref="GtX"/>, <see cref="GtY"/> and <see cref="GtYaw"/> are published as the optional "gt".
    /// </summary>
    public bool HasGroundTruth { get; set; }

    /// <summary>Ground-truth pose at the frame, in the source's world frame (not odometry).</summary>
    public double GtX { get; set; }

    public double GtY { get; set; }

    public double GtYaw { get; set; }

    /// <summary>Forward speed at the frame, m/s.</summary>
    public double V { get; set; }

    /// <summary>Yaw rate at the frame, rad/s.</summary>
    public double W { get; set; }

    /// <summary>Time step between path poses, seconds.</summary>
    public double Dt { get; set; }

    /// <summary>
    /// Path poses packed as x0, y0, yaw0, x1, ...; length 3 × <see cref="MaxPoses"/>, of which the
    /// first 3 × <see cref="PathLength"/> values are published.
    /// </summary>
    public float[] Path { get; }

    /// <summary>Number of poses in <see cref="Path"/> to publish; set by TryGetSlot.</summary>
    public int PathLength { get; internal set; }

    public int MaxPoses => Path.Length / 3;

    /// <summary>The published part of <see cref="Path"/>.</summary>
    public Span<float> PathValues => Path.AsSpan(0, 3 * PathLength);

    /// <summary>True when the model carries uncertainty: <see cref="Spread"/> is published as the optional "spread".</summary>
    public bool HasSpread { get; set; }

    /// <summary>
    /// Per path pose (σx m, σy m, ρ, σ_yaw rad) in the odometry frame, packed like <see cref="Path"/>
    /// (4 values a pose); the first 4 × <see cref="PathLength"/> values are published when <see cref="HasSpread"/>.
    /// </summary>
    public float[] Spread { get; }

    private readonly double[] _degreesOfFreedomPerPose;
    private readonly double[] _yawDegreesOfFreedomPerPose;

    /// <summary>ν of the spread's Student-t regions at every pose, published as "spread_dof" with the spread when finite and positive; 0 or +∞: Gaussian, or see <see cref="SpreadDegreesOfFreedomPerPose"/>.</summary>
    public double SpreadDegreesOfFreedom { get; set; }

    /// <summary>
    /// ν of each pose's regions when it varies along the path, published as "spread_dof", an array with
    /// null for a Gaussian pose (+∞ here), in place of <see cref="SpreadDegreesOfFreedom"/>; empty otherwise.
    /// A reference to an existing array: setting it allocates nothing.
    /// </summary>
    public ReadOnlyMemory<double> SpreadDegreesOfFreedomPerPose { get; set; }

    /// <summary>ν of the heading intervals at every pose, published as "yaw_dof" with the spread when finite and above 1; +∞: Gaussian, or see <see cref="YawDegreesOfFreedomPerPose"/>.</summary>
    public double YawDegreesOfFreedom { get; set; }

    /// <summary>
    /// ν of each pose's heading interval when it varies along the path, published as "yaw_dof", an array
    /// with null for a Gaussian pose (+∞ here), in place of <see cref="YawDegreesOfFreedom"/>; empty otherwise.
    /// A reference to an existing array: setting it allocates nothing.
    /// </summary>
    public ReadOnlyMemory<double> YawDegreesOfFreedomPerPose { get; set; }

    /// <summary>
    /// Sets <see cref="SpreadDegreesOfFreedomPerPose"/> to a copy of <paramref name="values"/> held by
    /// this message (at most <see cref="MaxPoses"/> of them), so that the producer may overwrite its own
    /// array for the next prediction while this one waits to be published. Allocates nothing.
    /// </summary>
    public void CopyDegreesOfFreedomPerPose(ReadOnlySpan<double> values) =>
        SpreadDegreesOfFreedomPerPose = CopyInto(_degreesOfFreedomPerPose, values);

    /// <summary>Sets <see cref="YawDegreesOfFreedomPerPose"/> to a copy of <paramref name="values"/> held by this message, as <see cref="CopyDegreesOfFreedomPerPose"/> does for the regions.</summary>
    public void CopyYawDegreesOfFreedomPerPose(ReadOnlySpan<double> values) =>
        YawDegreesOfFreedomPerPose = CopyInto(_yawDegreesOfFreedomPerPose, values);

    // The first values that fit, copied into this message's own buffer.
    private static ReadOnlyMemory<double> CopyInto(double[] buffer, ReadOnlySpan<double> values)
    {
        var count = Math.Min(values.Length, buffer.Length);
        values[..count].CopyTo(buffer);
        return buffer.AsMemory(0, count);
    }

    /// <summary>The published part of <see cref="Spread"/>.</summary>
    public Span<float> SpreadValues => Spread.AsSpan(0, 4 * PathLength);

    /// <summary>Name of the model; a reference to an existing string, so setting it allocates nothing.</summary>
    public string ModelName { get; set; } = string.Empty;

    /// <summary>Inference latency of this prediction, microseconds.</summary>
    public double LatencyMicros { get; set; }

    /// <summary>
    /// <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> when the prediction became ready (set by
    /// TryGetSlot; a producer may overwrite it with its frame's timestamp). Frame-to-publish
    /// latency is measured from here to the completion of the network publish.
    /// </summary>
    public long EnqueuedTimestamp { get; set; }

    /// <summary>Position of this slot in its queue's slot array; identifies it on Commit.</summary>
    internal int SlotIndex { get; }

    /// <summary>Writes pose <paramref name="index"/> of the path.</summary>
    public void SetPathPose(int index, float x, float y, float yaw)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)PathLength, nameof(index));
        var offset = 3 * index;
        Path[offset] = x;
        Path[offset + 1] = y;
        Path[offset + 2] = yaw;
    }
}
