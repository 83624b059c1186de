namespace EdgeLstm.Sensors.Simulation;

/// <summary>
/// Independent random streams derived from the one run seed. Each part of the simulation (course,
/// IMU, wheels, ...) draws from its own stream, so that changing, say, the IMU rate changes the IMU
/// noise draws but not the course the robot drives.
/// </summary>
internal static class RandomStreams
{
    public const int Course = 1;
    public const int ImuBias = 2;
    public const int ImuNoise = 3;
    public const int Wheels = 4;
    public const int GroundTruth = 5;

    public static GaussianRandom Create(int seed, int stream) => new(new Random(DeriveSeed(seed, stream)));

    /// <summary>SplitMix64 finaliser over (seed, stream): nearby seeds give unrelated streams.</summary>
    internal static int DeriveSeed(int seed, int stream)
    {
        ulong z = ((ulong)(uint)seed << 32) | (uint)stream;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFF_FFFF);
    }
}
