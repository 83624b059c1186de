using EdgeLstm.Messaging.Options;

namespace EdgeLstm.Messaging.Tests;

public sealed class OptionsBuilderTests
{
    private static MqttPublisherOptionsBuilder Valid() => new MqttPublisherOptionsBuilder()
        .WithBroker(new Uri("mqtt://127.0.0.1:1883"))
        .WithRobotId("robot-1");

    [Fact]
    public void Defaults_Follow_The_Design()
    {
        var options = Valid().Build();

        Assert.Equal("edge-lstm/robot-1/prediction", options.Topics.Prediction);
        Assert.Equal("edge-lstm/robot-1/status", options.Topics.Status);
        Assert.Equal("edge-lstm/robot-1/meta", options.Topics.Meta);
        Assert.Equal(0, options.Qos);
        Assert.Equal(256, options.QueueCapacity);
        Assert.Equal(2u, options.PredictionExpirySeconds);
        Assert.False(options.UseTls);
        Assert.StartsWith("edge-lstm-robot-1-", options.ClientId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("robot/1")]
    [InlineData("robot+")]
    [InlineData("#")]
    [InlineData("")]
    [InlineData("$sys")]
    public void Robot_Id_That_Is_Not_One_Topic_Level_Is_Rejected_By_Name(string robot)
    {
        var error = Assert.Throws<InvalidMqttOptionException>(() => Valid().WithRobotId(robot).Build());

        Assert.IsAssignableFrom<ArgumentException>(error);
        Assert.Equal("RobotId", error.OptionName);
        Assert.Contains("RobotId", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1883", "Broker")]
    [InlineData("not a uri", "Broker")]
    [InlineData("mqtt://user:secret@127.0.0.1", "Broker")]
    public void Bad_Broker_Uri_Is_Rejected_By_Name(string broker, string option)
    {
        var error = Assert.Throws<InvalidMqttOptionException>(() => Valid().WithBroker(broker).Build());

        Assert.Equal(option, error.OptionName);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_Numbers_Are_Rejected_By_Name()
    {
        Assert.Equal("Qos", Assert.Throws<InvalidMqttOptionException>(() => Valid().WithQos(3).Build()).OptionName);
        Assert.Equal("QueueCapacity", Assert.Throws<InvalidMqttOptionException>(() => Valid().WithQueueCapacity(0).Build()).OptionName);
        Assert.Equal("ReconnectBackoff", Assert.Throws<InvalidMqttOptionException>(() => Valid().WithReconnectBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)).Build()).OptionName);
        Assert.Equal("PredictionExpiry", Assert.Throws<InvalidMqttOptionException>(() => Valid().WithPredictionExpiry(TimeSpan.Zero).Build()).OptionName);
        Assert.Equal("TopicPrefix", Assert.Throws<InvalidMqttOptionException>(() => Valid().WithTopicPrefix("a/+/b").Build()).OptionName);
    }

    [Fact]
    public void Mqtts_Defaults_To_Port_8883_And_Tls_Needs_Mqtts()
    {
        var secure = Valid().WithBroker("mqtts://broker.example").Build();
        Assert.True(secure.UseTls);
        Assert.Equal(8883, secure.Port);
        Assert.Equal(1883, Valid().WithBroker("mqtt://broker.example").Build().Port);

        var ca = Path.GetTempFileName();
        try
        {
            var error = Assert.Throws<InvalidMqttOptionException>(() => Valid().WithTls(ca).Build());
            Assert.Equal("Tls", error.OptionName);
        }
        finally
        {
            File.Delete(ca);
        }
    }

    [Fact]
    public void Missing_Tls_File_Is_Named()
    {
        var error = Assert.Throws<InvalidMqttOptionException>(() => Valid().WithBroker("mqtts://127.0.0.1").WithTls("/nonexistent/ca.pem").Build());

        Assert.Equal("Tls.CaFile", error.OptionName);
        Assert.Contains("/nonexistent/ca.pem", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_Is_Rounded_Up_To_Whole_Seconds_And_At_Least_One()
    {
        Assert.Equal(1u, Valid().WithPredictionExpiry(TimeSpan.FromMilliseconds(300)).Build().PredictionExpirySeconds);
        Assert.Equal(3u, Valid().WithPredictionExpiry(TimeSpan.FromSeconds(2.2)).Build().PredictionExpirySeconds);
    }

    [Fact]
    public void Password_From_File_Or_Environment_Never_Appears_In_ToString()
    {
        var file = Path.GetTempFileName();
        var variable = $"EDGE_LSTM_TEST_PASSWORD_{Environment.ProcessId}";
        try
        {
            File.WriteAllText(file, "s3cret-from-file\n");
            Environment.SetEnvironmentVariable(variable, "s3cret-from-env");

            var fromFile = Valid().WithCredentials("robot", passwordFile: file).Build();
            var fromEnv = Valid().WithCredentials("robot", passwordEnvVar: variable).Build();

            Assert.Equal("s3cret-from-file", fromFile.Credentials!.Password);
            Assert.Equal("s3cret-from-env", fromEnv.Credentials!.Password);
            Assert.DoesNotContain("s3cret", fromFile.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", fromEnv.ToString(), StringComparison.Ordinal);
            Assert.Contains("user=robot", fromFile.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Unset_Password_Variable_And_Both_Sources_Are_Rejected()
    {
        Assert.Equal("Credentials.PasswordEnvVar", Assert.Throws<InvalidMqttOptionException>(() =>
            Valid().WithCredentials("robot", passwordEnvVar: "EDGE_LSTM_SURELY_NOT_SET_1234").Build()).OptionName);
        Assert.Equal("Credentials", Assert.Throws<InvalidMqttOptionException>(() =>
            Valid().WithCredentials("robot", "/etc/hostname", "HOME").Build()).OptionName);
    }

    [Fact]
    public void Subscriber_Options_Watch_All_Robots_Without_A_Robot_Id()
    {
        var all = new MqttPublisherOptionsBuilder().WithBroker("mqtt://127.0.0.1:1883").BuildSubscriberOptions();
        var one = Valid().BuildSubscriberOptions();

        Assert.Equal("edge-lstm/+/prediction", all.PredictionFilter);
        Assert.Equal("edge-lstm/+/status", all.StatusFilter);
        Assert.Equal("edge-lstm/robot-1/prediction", one.PredictionFilter);
    }
}
