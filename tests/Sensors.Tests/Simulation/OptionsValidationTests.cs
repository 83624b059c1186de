using EdgeLstm.Sensors.Simulation;

namespace EdgeLstm.Sensors.Tests.Simulation;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData(nameof(SimulatorOptions.Seconds), 0.0)]
    [InlineData(nameof(SimulatorOptions.Seconds), double.NaN)]
    [InlineData(nameof(SimulatorOptions.Kinematics), 7.0)]
    [InlineData(nameof(SimulatorOptions.ImuRateHz), 0.0)]
    [InlineData(nameof(SimulatorOptions.ImuRateHz), 5000.0)]
    [InlineData(nameof(SimulatorOptions.WheelRateHz), -50.0)]
    [InlineData(nameof(SimulatorOptions.GroundTruthRateHz), double.PositiveInfinity)]
    [InlineData(nameof(SimulatorOptions.TrackWidthMeters), 0.0)]
    [InlineData(nameof(SimulatorOptions.WheelbaseMeters), -0.33)]
    [InlineData(nameof(SimulatorOptions.TicksPerMeter), 0.0)]
    [InlineData(nameof(SimulatorOptions.MaxSpeed), 0.0)]
    [InlineData(nameof(SimulatorOptions.MaxLateralAcceleration), -1.0)]
    [InlineData(nameof(SimulatorOptions.MaxSteeringAngle), 1.5)]
    [InlineData(nameof(SimulatorOptions.ArenaHalfSize), 0.5)]
    [InlineData(nameof(SimulatorOptions.GyroNoiseStdDev), -0.001)]
    [InlineData(nameof(SimulatorOptions.WheelSlipStdDev), 0.5)]
    [InlineData(nameof(SimulatorOptions.OdometryScaleStdDev), double.NaN)]
    public void Validate_RejectsBadOption_WithAMessageNamingIt(string option, double value)
    {
        SimulatorOptions options = With(option, value);

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void Constructor_ValidatesOptions()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new RobotSimulator(new SimulatorOptions { TicksPerMeter = -1 }));
        Assert.Contains(nameof(SimulatorOptions.TicksPerMeter), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Kinematics.Differential)]
    [InlineData(Kinematics.Bicycle)]
    public void Validate_AcceptsDefaults(Kinematics kinematics) =>
        new SimulatorOptions { Kinematics = kinematics, Seconds = 1 }.Validate();

    [Fact]
    public void SimulationFile_RejectsAnEndlessRun_NamingSeconds()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edge-lstm-endless-{Guid.NewGuid():N}.csv");

        var error = Assert.Throws<ArgumentException>(() => SimulationFile.Write(path, new SimulatorOptions()));

        Assert.Contains(nameof(SimulatorOptions.Seconds), error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    private static SimulatorOptions With(string option, double value) => option switch
    {
        nameof(SimulatorOptions.Seconds) => new() { Seconds = value },
        nameof(SimulatorOptions.Kinematics) => new() { Kinematics = (Kinematics)(int)value },
        nameof(SimulatorOptions.ImuRateHz) => new() { ImuRateHz = value },
        nameof(SimulatorOptions.WheelRateHz) => new() { WheelRateHz = value },
        nameof(SimulatorOptions.GroundTruthRateHz) => new() { GroundTruthRateHz = value },
        nameof(SimulatorOptions.TrackWidthMeters) => new() { TrackWidthMeters = value },
        nameof(SimulatorOptions.WheelbaseMeters) => new() { WheelbaseMeters = value },
        nameof(SimulatorOptions.TicksPerMeter) => new() { TicksPerMeter = value },
        nameof(SimulatorOptions.MaxSpeed) => new() { MaxSpeed = value },
        nameof(SimulatorOptions.MaxLateralAcceleration) => new() { MaxLateralAcceleration = value },
        nameof(SimulatorOptions.MaxSteeringAngle) => new() { MaxSteeringAngle = value },
        nameof(SimulatorOptions.ArenaHalfSize) => new() { ArenaHalfSize = value },
        nameof(SimulatorOptions.GyroNoiseStdDev) => new() { GyroNoiseStdDev = value },
        nameof(SimulatorOptions.WheelSlipStdDev) => new() { WheelSlipStdDev = value },
        nameof(SimulatorOptions.OdometryScaleStdDev) => new() { OdometryScaleStdDev = value },
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "no such option in this test"),
    };
}
