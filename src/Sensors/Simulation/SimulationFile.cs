using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Replay;

namespace EdgeLstm.Sensors.Simulation;

/// <summary>Writes a simulated run as a replay v1 file (training and test data without a robot).</summary>
public static class SimulationFile
{
    /// <summary>
    /// Simulates <paramref name="options"/> and writes every event as one row of a replay v1 file
    /// (".gz" for gzip). The same options give a byte-identical file.
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid, or the run is endless (Seconds is null).</exception>
    /// <param name="withImu">False writes no IMU columns: a robot with wheel odometry only.</param>
    public static void Write(string path, SimulatorOptions options, bool withImu = true)
    {
        if (options.Seconds is null)
        {
            throw new ArgumentException("Simulator option Seconds must be set to write a file: an endless run never finishes.", nameof(options));
        }

        var simulator = new RobotSimulator(options);

        // Canonical column order, independent of the set's enumeration order.
        SensorEventKind[] groups = [.. Enum.GetValues<SensorEventKind>().Where(k => simulator.Kinds.Contains(k) && (withImu || k != SensorEventKind.Imu))];
        using ReplayWriter writer = ReplayWriter.Create(path, groups, simulator.Metadata);
        foreach (SensorEvent e in simulator.ReadEvents())
        {
            if (withImu || e.Kind != SensorEventKind.Imu)
            {
                writer.Write(e);
            }
        }
    }
}
