namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// A seeded <see cref="Random"/> with normal draws. Box–Muller gives the normals from pairs of
/// uniforms; only System.Random and IEEE arithmetic are involved, so a seed always gives the same
/// numbers on every machine.
/// </summary>
internal sealed class GaussianRandom(Random random)
{
    private double _spare;
    private bool _hasSpare;

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => random.NextDouble();

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + ((max - min) * random.NextDouble());

    public bool Chance(double probability) => random.NextDouble() < probability;

    /// <summary>Standard normal N(0, 1).</summary>
    public double Normal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        // r = sqrt(-2 ln u1), θ = 2π u2; (r cos θ, r sin θ) are two independent N(0, 1).
        double u1 = 1.0 - random.NextDouble(); // (0, 1]: ln never sees zero
        double u2 = random.NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        double theta = 2.0 * Math.PI * u2;
        _spare = r * Math.Sin(theta);
        _hasSpare = true;
        return r * Math.Cos(theta);
    }

    /// <summary>N(0, σ²).</summary>
    public double Normal(double stdDev) => stdDev * Normal();
}
