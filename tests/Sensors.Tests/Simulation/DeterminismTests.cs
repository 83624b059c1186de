using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Simulation;

namespace EdgeLstm.Sensors.Tests.Simulation;

public sealed class DeterminismTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-lstm-sim-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(Kinematics.Differential)]
    [InlineData(Kinematics.Bicycle)]
    public void SameSeed_TwoSimulators_GiveIdenticalEventSequences(Kinematics kinematics)
    {
        var options = new SimulatorOptions { Seed = 7, Kinematics = kinematics, Seconds = 30 };

        SensorEvent[] first = [.. new RobotSimulator(options).ReadEvents()];
        SensorEvent[] second = [.. new RobotSimulator(options).ReadEvents()];

        Assert.Equal(first.Length, second.Length);
        for (int i = 0; i < first.Length; i++)
        {
            AssertSameEvent(first[i], second[i]);
        }
    }

    [Fact]
    public void ReadEvents_EnumeratedTwice_ReplaysTheRunFromTheStart()
    {
        var simulator = new RobotSimulator(new SimulatorOptions { Seed = 3, Seconds = 10 });
        IEnumerable<SensorEvent> events = simulator.ReadEvents();

        SensorEvent[] first = [.. events];
        SensorEvent[] second = [.. events];

        Assert.Equal(first.Length, second.Length);
        Assert.Equal(0, second[0].TimestampNs);
        for (int i = 0; i < first.Length; i++)
        {
            AssertSameEvent(first[i], second[i]);
        }
    }

    [Theory]
    [InlineData(Kinematics.Differential)]
    [InlineData(Kinematics.Bicycle)]
    public void DifferentSeeds_GiveDifferentCoursesAndNoise(Kinematics kinematics)
    {
        var a = SimulatedRun.Of(1, kinematics, seconds: 20);
        var b = SimulatedRun.Of(2, kinematics, seconds: 20);

        // Same grids, so the same number of events, but other poses and other IMU readings.
        Assert.Equal(a.Events.Count, b.Events.Count);
        double poseDifference = a.Truth.Zip(b.Truth).Max(p => Math.Abs(p.First.X - p.Second.X) + Math.Abs(p.First.Y - p.Second.Y));
        Assert.True(poseDifference > 1.0, $"poses differ by at most {poseDifference} m");
        Assert.NotEqual(a.Imu[0].Gz, b.Imu[0].Gz);
        Assert.NotEqual(a.Simulator.ImuBias, b.Simulator.ImuBias);
    }

    [Theory]
    [InlineData(Kinematics.Differential, "sim.csv")]
    [InlineData(Kinematics.Bicycle, "sim.csv")]
    [InlineData(Kinematics.Differential, "sim.csv.gz")]
    public void SameSeed_WritesByteIdenticalFiles_AndAnotherSeedDoesNot(Kinematics kinematics, string name)
    {
        var options = new SimulatorOptions { Seed = 11, Kinematics = kinematics, Seconds = 20 };
        string first = Path.Combine(_directory, "a-" + name);
        string second = Path.Combine(_directory, "b-" + name);
        string other = Path.Combine(_directory, "c-" + name);

        SimulationFile.Write(first, options);
        SimulationFile.Write(second, options);
        SimulationFile.Write(other, options with { Seed = 12 });

        byte[] bytes = File.ReadAllBytes(first);
        Assert.True(bytes.Length > 10_000, $"file has only {bytes.Length} bytes");
        Assert.Equal(bytes, File.ReadAllBytes(second));
        Assert.NotEqual(bytes, File.ReadAllBytes(other));
    }

    [Fact]
    public void SensorRateChange_LeavesTheCourseUnchanged()
    {
        // Each part draws from its own stream derived from the seed: more IMU samples must not
        // change where the robot drives.
        var slow = SimulatedRun.Of(new SimulatorOptions { Seed = 5, Seconds = 30, ImuRateHz = 100 });
        var fast = SimulatedRun.Of(new SimulatorOptions { Seed = 5, Seconds = 30, ImuRateHz = 400 });

        Assert.Equal(slow.Truth.Length, fast.Truth.Length);
        for (int i = 0; i < slow.Truth.Length; i++)
        {
            AssertSameEvent(slow.Truth[i], fast.Truth[i]);
        }
    }

    private static void AssertSameEvent(SensorEvent expected, SensorEvent actual)
    {
        Assert.Equal(expected.TimestampNs, actual.TimestampNs);
        Assert.Equal(expected.Kind, actual.Kind);

        // Bitwise equality of all six payload slots (read through the IMU accessors).
        Assert.Equal(expected.Ax, actual.Ax);
        Assert.Equal(expected.Ay, actual.Ay);
        Assert.Equal(expected.Az, actual.Az);
        Assert.Equal(expected.Gx, actual.Gx);
        Assert.Equal(expected.Gy, actual.Gy);
        Assert.Equal(expected.Gz, actual.Gz);
    }
}
