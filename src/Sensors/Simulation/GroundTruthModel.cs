using EdgeLstm.Sensors.Events;

namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// The true pose, as an external localisation system would report it: position of the body
/// origin and yaw wrapped to (−π, π], with optional white noise (exact by default).
/// </summary>
internal sealed class GroundTruthModel(SimulatorOptions options, GaussianRandom noise)
{
    private readonly double _positionNoise = options.GroundTruthPositionNoiseStdDev;
    private readonly double _yawNoise = options.GroundTruthYawNoiseStdDev;

    public SensorEvent Sample(long timestampNs, in VehicleState state)
    {
        if (_positionNoise == 0 && _yawNoise == 0)
        {
            return SensorEvent.GroundTruth(timestampNs, state.X, state.Y, VehicleState.WrapAngle(state.Yaw));
        }

        double x = state.X + noise.Normal(_positionNoise);
        double y = state.Y + noise.Normal(_positionNoise);
        double yaw = VehicleState.WrapAngle(state.Yaw + noise.Normal(_yawNoise));
        return SensorEvent.GroundTruth(timestampNs, x, y, yaw);
    }
}
