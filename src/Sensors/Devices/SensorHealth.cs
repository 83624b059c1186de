namespace EdgeLstm.Sensors.Devices;

/// <summary>Health of a sensor with a human-readable reason, e.g. for the MQTT status topic.</summary>
public sealed record SensorHealth(HealthState State, string Reason)
{
    public static SensorHealth Healthy { get; } = new(HealthState.Ok, "ok");

    public bool IsOk => State == HealthState.Ok;

    public static SensorHealth Degraded(string reason) => new(HealthState.Degraded, reason);

    public override string ToString() => IsOk ? "ok" : $"degraded: {Reason}";
}
