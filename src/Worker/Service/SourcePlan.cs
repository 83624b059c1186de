using EdgeLstm.Sensors.Hardware;
using EdgeLstm.Sensors.Devices;
using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Replay;
using EdgeLstm.Sensors.Simulation;

namespace EdgeLstm.Worker.Service;

/// <summary>
/// Which sensor sources the pipeline runs, in order, how fast, and how their health is read.
/// Replay files are opened one at a time as the pipeline reaches them (again and again when
/// looping); each is checked once up front so that a file that cannot be replayed fails at start.
/// </summary>
public sealed class SourcePlan : IDisposable
{
    private readonly IDisposable? _owned;

    private SourcePlan(string description, IEnumerable<ISensorSource> sources, ReplaySpeed speed, Func<SensorHealth>? health, IDisposable? owned)
    {
        Description = description;
        Sources = sources;
        Speed = speed;
        Health = health;
        _owned = owned;
    }

    /// <summary>For status and meta, e.g. "replay f1tenth-ds3.csv at 1x".</summary>
    public string Description { get; }

    public IEnumerable<ISensorSource> Sources { get; }

    public ReplaySpeed Speed { get; }

    /// <summary>Polled by the status reporter; null for sources that cannot fail (files, simulator).</summary>
    public Func<SensorHealth>? Health { get; }

    /// <summary>The simulator at <paramref name="speed"/> (real time unless given), endless unless <see cref="SimulatorOptions.Seconds"/> is set.</summary>
    public static SourcePlan Simulator(SimulatorOptions options, ReplaySpeed? speed = null)
    {
        var pace = speed ?? ReplaySpeed.RealTime;
        var simulator = new RobotSimulator(options);
        var length = options.Seconds is { } seconds ? $"{seconds:0.#} s" : "endless";
        return new SourcePlan($"simulator seed {options.Seed} {options.Kinematics.ToString().ToLowerInvariant()} {length}{(pace == ReplaySpeed.RealTime ? string.Empty : $" at {pace}")}", [simulator], pace, null, null);
    }

    /// <summary>Replay files in order (forever when <paramref name="loop"/>); throws <see cref="ReplayFormatException"/> for a bad preamble.</summary>
    public static SourcePlan Replay(IReadOnlyList<string> files, ReplaySpeed speed, bool loop)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new ArgumentException("no replay file given", nameof(files));
        }

        foreach (var file in files)
        {
            using var check = ReplayReader.Open(file);
        }

        var names = files.Count == 1 ? Path.GetFileName(files[0]) : $"{files.Count} files";
        return new SourcePlan($"replay {names} at {speed}{(loop ? ", looping" : string.Empty)}", OpenInTurn(files, loop), speed, null, null);
    }

    /// <summary>The Raspberry Pi's IMU and encoders; throws <see cref="IOException"/> when the IMU does not answer.</summary>
    public static SourcePlan Hardware(HardwareOptions options)
    {
        var source = new HardwareSensorSource(options);

        // The hardware source paces itself and stays open for the worker's lifetime.
        return new SourcePlan("hardware " + string.Join(' ', source.Metadata.Skip(1).Select(m => $"{m.Key}={m.Value}")), [new Undisposed(source)], ReplaySpeed.Max, () => source.Health, source);
    }

    public void Dispose() => _owned?.Dispose();

    private static IEnumerable<ISensorSource> OpenInTurn(IReadOnlyList<string> files, bool loop)
    {
        do
        {
            foreach (var file in files)
            {
                yield return ReplayReader.Open(file);
            }
        }
        while (loop);
    }

    /// <summary>Hides IDisposable from the pipeline, which disposes what it has run: the plan owns the hardware.</summary>
    private sealed class Undisposed(ISensorSource inner) : ISensorSource
    {
        public IReadOnlyList<KeyValuePair<string, string>> Metadata => inner.Metadata;

        public RobotGeometry Geometry => inner.Geometry;

        public IReadOnlySet<SensorEventKind> Kinds => inner.Kinds;

        public IEnumerable<SensorEvent> ReadEvents(CancellationToken cancellationToken = default) => inner.ReadEvents(cancellationToken);
    }
}
