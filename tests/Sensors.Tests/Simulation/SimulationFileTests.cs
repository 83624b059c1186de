using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Replay;
using EdgeLstm.Sensors.Simulation;

namespace EdgeLstm.Sensors.Tests.Simulation;

public sealed class SimulationFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-lstm-simfile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(Kinematics.Differential)]
    [InlineData(Kinematics.Bicycle)]
    public void WrittenFile_ReadsBackAsTheSimulatedEvents_WithItsMetadata(Kinematics kinematics)
    {
        var options = new SimulatorOptions { Seed = 71, Kinematics = kinematics, Seconds = 15 };
        string path = Path.Combine(_directory, "run.csv");
        SimulationFile.Write(path, options);
        var simulator = new RobotSimulator(options);
        SensorEvent[] expected = [.. simulator.ReadEvents()];

        using ReplayReader reader = ReplayReader.Open(path);
        SensorEvent[] actual = [.. reader.ReadEvents()];

        Assert.Equal(simulator.Kinds.Order(), reader.Kinds.Order());
        Assert.Equal(simulator.Geometry, reader.Geometry);
        var meta = reader.Metadata.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("71", meta["seed"]);
        Assert.Equal(kinematics == Kinematics.Bicycle ? "bicycle" : "differential", meta["kinematics"]);

        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Kind, actual[i].Kind);
            Assert.Equal(expected[i].TimeSeconds, actual[i].TimeSeconds, 1e-6);
            Assert.Equal(expected[i].Ax, actual[i].Ax, 1e-4);
            Assert.Equal(expected[i].Ay, actual[i].Ay, 1e-4);
            Assert.Equal(expected[i].Az, actual[i].Az, 1e-4);
        }
    }
}
