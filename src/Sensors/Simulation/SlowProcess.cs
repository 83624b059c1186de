namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// A slowly varying random quantity (Ornstein–Uhlenbeck process) for slip and scale errors that
/// drift over seconds rather than jump per sample. Stationary: N(0, σ²) at every time.
/// </summary>
internal sealed class SlowProcess
{
    private readonly GaussianRandom _random;
    private readonly double _decay;
    private readonly double _kick;

    public SlowProcess(GaussianRandom random, double stdDev, double correlationSeconds, double stepSeconds)
    {
        _random = random;
        // Exact discretisation: x' = x·e^(−Δt/τ) + σ·√(1 − e^(−2Δt/τ))·N(0, 1)
        _decay = Math.Exp(-stepSeconds / correlationSeconds);
        _kick = stdDev * Math.Sqrt(1.0 - (_decay * _decay));
        Value = random.Normal(stdDev); // start in the stationary distribution
    }

    public double Value { get; private set; }

    public void Step() => Value = (Value * _decay) + (_kick * _random.Normal());
}
