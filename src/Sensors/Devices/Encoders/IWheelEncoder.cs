namespace EdgeLstm.Sensors.Devices.Encoders;

/// <summary>A wheel encoder's cumulative, signed tick count, readable from any thread.</summary>
public interface IWheelEncoder : IDisposable
{
    /// <summary>Cumulative ticks since start; positive in the encoder's forward direction.</summary>
    long Count { get; }

    /// <summary>Edges that could not be decoded (missed edges, noise); counted, never fatal.</summary>
    long IllegalTransitions { get; }
}
