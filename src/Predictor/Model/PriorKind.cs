namespace EdgeLstm.Predictor.Model;

/// <summary>
/// The physics path the network's head corrects. The head predicts the residual between the true
/// future path and this prior, so an untrained head already predicts as well as physics.
/// </summary>
public enum PriorKind : byte
{
    /// <summary>No prior: the head predicts the path itself.</summary>
    None = 0,

    /// <summary>Constant velocity along the current heading.</summary>
    ConstantVelocity = 1,

    /// <summary>Constant turn rate (gyro) and velocity: an arc.</summary>
    ConstantTurnRate = 2,

    /// <summary>Turn rate decaying exponentially with time constant <see cref="ModelConfig.PriorTau"/>.</summary>
    DampedTurnRate = 3,
}
