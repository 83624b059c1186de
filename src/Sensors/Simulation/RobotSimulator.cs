using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Globalization;
using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// A seeded, headless robot simulator: a robot drives a varied course (waypoints, speed changes,
/// stops, S-bends) and its IMU, wheel sensors and a ground-truth pose are sampled at their own
/// rates. Every enumeration of <see cref="ReadEvents"/> replays the same run from the start.
/// </summary>
public sealed class RobotSimulator : ISensorSource
{
    private readonly SimulatorOptions _options;

    public RobotSimulator(SimulatorOptions options)
    {
        options.Validate();
        _options = options;
        ImuBias = ImuBias.Draw(options);
        Geometry = new RobotGeometry(options.TicksPerMeter, options.TrackWidthMeters);
        bool bicycle = options.Kinematics == Kinematics.Bicycle;
        Kinds = new[] { SensorEventKind.Imu, bicycle ? SensorEventKind.Odometry : SensorEventKind.WheelTicks, SensorEventKind.GroundTruth }
            .ToFrozenSet();
        Metadata = new ReadOnlyCollection<KeyValuePair<string, string>>(
        [
            new("source", $"edge-lstm simulator ({(bicycle ? "bicycle car, odometry from commanded steering" : "differential robot, wheel encoders")})"),
            new("seed", options.Seed.ToString(CultureInfo.InvariantCulture)),
            new("kinematics", bicycle ? "bicycle" : "differential"),
            new("ticks_per_meter", Format(options.TicksPerMeter)),
            new("track_width_m", Format(options.TrackWidthMeters)),
            new("wheelbase_m", Format(options.WheelbaseMeters)),
            new("imu_bias", string.Join(' ', Format(ImuBias.Ax), Format(ImuBias.Ay), Format(ImuBias.Az), Format(ImuBias.Gx), Format(ImuBias.Gy), Format(ImuBias.Gz))),
        ]);
    }

    public SimulatorOptions Options => _options;

    /// <summary>The constant IMU biases of this run (drawn from the seed).</summary>
    public ImuBias ImuBias { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; }

    public RobotGeometry Geometry { get; }

    public IReadOnlySet<SensorEventKind> Kinds { get; }

    /// <summary>
    /// The run's events from t = 0 in non-decreasing time, computed lazily: an endless run
    /// (<see cref="SimulatorOptions.Seconds"/> null) streams in constant memory.
    /// </summary>
    public IEnumerable<SensorEvent> ReadEvents(CancellationToken cancellationToken = default) =>
        SimulationRun.Events(_options, ImuBias, cancellationToken);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
