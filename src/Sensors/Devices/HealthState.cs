namespace EdgeLstm.Sensors.Devices;

/// <summary>Coarse health of a hardware sensor source, published as the worker's status.</summary>
public enum HealthState
{
    /// <summary>All configured sensors deliver plausible data.</summary>
    Ok,

    /// <summary>A sensor is failing or suspect; data may be missing. The source keeps running.</summary>
    Degraded,
}
