namespace EdgeLstm.Sensors.Events;

/// <summary>
/// A source of sensor events in non-decreasing time order: a replay file, the simulator or the
/// hardware drivers. Metadata (source description, geometry) is known before the first event.
/// </summary>
public interface ISensorSource
{
    /// <summary>Free-form key/value metadata, in file order (replay "# key: value" lines).</summary>
    IReadOnlyList<KeyValuePair<string, string>> Metadata { get; }

    RobotGeometry Geometry { get; }

    /// <summary>Which event kinds this source can produce.</summary>
    IReadOnlySet<SensorEventKind> Kinds { get; }

    IEnumerable<SensorEvent> ReadEvents(CancellationToken cancellationToken = default);
}
