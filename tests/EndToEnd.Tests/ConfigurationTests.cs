using EdgeLstm.Worker.Errors;
using EdgeLstm.Worker.Service;


namespace EdgeLstm.EndToEnd.Tests;

/// <summary>Layering and validation of the worker's settings, without starting anything.</summary>
public sealed class ConfigurationTests
{
    private static WorkerSettings Load(params (string Key, string Value)[] overrides) =>
        WorkerConfiguration.Bind(WorkerConfiguration.Build(null, overrides.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value))));

    [Fact]
    public void No_Configuration_Means_Simulator_Bundled_Model_And_Embedded_Broker_On_1883()
    {
        var settings = Load();
        Assert.Equal("simulator", settings.Source);
        Assert.Equal(string.Empty, settings.Model);
        Assert.True(settings.Mqtt.IsEmbedded);
        Assert.Equal("mqtt://127.0.0.1:1883", settings.Mqtt.BrokerUriText);
        Assert.Null(settings.Simulator.Seconds);
        Assert.False(new WorkerSettingsValidator().Validate(null, settings).Failed);
    }

    [Fact]
    public void Command_Line_Options_Override_Set_Assignments_And_The_Settings_File()
    {
        var overrides = WorkerHost.Overrides("mqtt://broker.lan:1884", "r2", null, "replay", ["Mqtt:Broker=mqtt://other:1", "Replay:Files:0=a.csv", "Replay:Speed=max"]);
        var settings = WorkerConfiguration.Bind(WorkerConfiguration.Build(null, overrides));
        Assert.Equal("mqtt://broker.lan:1884", settings.Mqtt.Broker);
        Assert.Equal("r2", settings.RobotId);
        Assert.Equal("replay", settings.Source);
        Assert.Equal(["a.csv"], settings.Replay.Files);
        Assert.Equal("max", settings.Replay.Speed);
    }

    [Theory]
    [InlineData("Mqtt:Broker", "ftp://x", "Mqtt:Broker")]
    [InlineData("Mqtt:EmbeddedPort", "70000", "Mqtt:EmbeddedPort")]
    [InlineData("Mqtt:CaFile", "/ca.pem", "Mqtt:CaFile")]
    [InlineData("Mqtt:PasswordFile", "/p", "Mqtt:Username")]
    [InlineData("RobotId", "a/b", "RobotId")]
    [InlineData("Source", "replay", "Replay:Files")]
    [InlineData("Model", "/no/such.elstm", "Model")]
    public void Invalid_Settings_Are_Named(string key, string value, string named)
    {
        var failures = new WorkerSettingsValidator().Validate(null, Load((key, value))).Failures ?? [];
        var joined = string.Join(" | ", failures);
        Assert.Contains(named, joined, StringComparison.Ordinal);
    }

    [Fact]
    public void Typos_And_Wrong_Types_Are_Configuration_Errors()
    {
        Assert.Contains("Replay:Speeed", Assert.Throws<ConfigurationException>(() => Load(("Replay:Speeed", "max"))).Message, StringComparison.Ordinal);
        Assert.Contains("Mqtt:Qos: 'one' is not a valid Int32", Assert.Throws<ConfigurationException>(() => Load(("Mqtt:Qos", "one"))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("4x", 4.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("MAX", double.PositiveInfinity)]
    public void Replay_Speeds_Parse(string text, double factor)
    {
        Assert.True(ReplaySpeed.TryParse(text, out var speed));
        Assert.Equal(factor, speed.Factor);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("fast")]
    [InlineData("")]
    public void Bad_Replay_Speeds_Are_Refused(string text) => Assert.False(ReplaySpeed.TryParse(text, out _));
}
