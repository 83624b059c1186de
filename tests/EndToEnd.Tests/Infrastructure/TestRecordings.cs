using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Tests.Shared;

namespace EdgeLstm.EndToEnd.Tests.Infrastructure;

/// <summary>Recordings the tests replay: the real F1/10 runs, and short simulated runs written on demand.</summary>
internal static class TestRecordings
{
    /// <summary>127 s of a real F1/10 car (IMU, motor odometry, lidar localisation).</summary>
    public static string RealDs3 => RepoPaths.RealRecording("f1tenth-ds3.csv");

    /// <summary>A simulated run of <paramref name="seconds"/> written to <paramref name="directory"/> (replay v1).</summary>
    public static string Simulated(string directory, double seconds, int seed = 3)
    {
        var path = Path.Combine(directory, $"sim-{seed}-{seconds:0}s.csv");
        SimulationFile.Write(path, new SimulatorOptions { Seed = seed, Seconds = seconds });
        return path;
    }
}
