using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests;

/// <summary>The built edge-lstm as a child process: the service's lifecycle as systemd and users see it.</summary>
[Collection(BrokerGroup.Name)]
public sealed class WorkerProcessTests(MosquittoFixture broker, ITestOutputHelper output)
{
    private static readonly TimeSpan Exit = TimeSpan.FromSeconds(30);

    private string[] Run(string robot) => ["run", "--broker", broker.Uri.ToString(), "--robot", robot, "--model", TestModels.Path];

    [Fact]
    public async Task Run_Announces_Online_And_Meta_Then_The_Last_Will_Says_Offline_When_The_Process_Is_Killed()
    {
        await using var worker = EdgeLstmProcess.Start(Run("e2e-will"));
        await worker.WaitForOutputAsync("watch with:", TimeSpan.FromSeconds(20));
        Assert.Contains($"mosquitto_sub -V mqttv5 -h 127.0.0.1 -p {broker.Port} -t 'edge-lstm/e2e-will/#' -v", worker.StandardOutput, StringComparison.Ordinal);

        await using var recorder = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/e2e-will/+");
        await recorder.WaitForAsync(
            m => m.Any(x => Payloads.IsStatus(x) && x.Retain && Payloads.State(x) == "online") && m.Any(x => Payloads.IsMeta(x) && x.Retain) && m.Count(Payloads.IsPrediction) >= 25,
            "retained online status, retained meta and a stream of predictions from the simulator",
            TimeSpan.FromSeconds(20));

        worker.Kill();
        await recorder.WaitForAsync(m => m.Any(x => Payloads.IsStatus(x) && Payloads.State(x) == "offline"), "the Last Will (offline)");
        var will = recorder.Messages.Last(Payloads.IsStatus);
        Assert.Equal("connection lost", Payloads.LinkReason(will));
        Assert.Empty(Payloads.StatusSchema.Validate(will.Payload));
    }

    [Fact]
    public async Task Sigterm_Stops_Cleanly_With_Offline_Status_And_Exit_Code_0()
    {
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/e2e-term/+");
        await using var worker = EdgeLstmProcess.Start(Run("e2e-term"));
        await recorder.WaitForAsync(m => m.Count(Payloads.IsPrediction) >= 10, "predictions flow", TimeSpan.FromSeconds(20));

        worker.Terminate();
        await worker.WaitForExitAsync(Exit);
        output.WriteLine(worker.StandardError);
        Assert.Equal(0, worker.ExitCode);
        await recorder.WaitForAsync(m => m.Any(x => Payloads.IsStatus(x) && Payloads.State(x) == "offline"), "status offline");
        Assert.Equal("shutdown", Payloads.LinkReason(recorder.Messages.Last(Payloads.IsStatus)));
    }

    [Theory]
    [InlineData("EDGE_LSTM_Mqtt__Qos", "5", "Mqtt:Qos")]
    [InlineData("EDGE_LSTM_Source", "lidar", "Source")]
    [InlineData("EDGE_LSTM_FrameRateHz", "100", "FrameRateHz")]
    [InlineData("EDGE_LSTM_Mqtt__Brokr", "mqtt://127.0.0.1:1", "Brokr")]
    [InlineData("EDGE_LSTM_Mqtt__QueueCapacity", "many", "Mqtt:QueueCapacity")]
    [InlineData("EDGE_LSTM_Simulator__MaxJerk", "-1", "Simulator:MaxJerk")]
    public async Task Invalid_Configuration_Exits_78_With_One_Line_Naming_The_Setting(string variable, string value, string setting)
    {
        var worker = await EdgeLstmProcess.RunAsync(["run", "--model", TestModels.Path], Exit, new Dictionary<string, string> { [variable] = value });
        output.WriteLine(worker.StandardError);
        Assert.Equal(78, worker.ExitCode);
        var lines = worker.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("edge-lstm: error:", line, StringComparison.Ordinal);
        Assert.Contains(setting, line, StringComparison.Ordinal);
        await worker.DisposeAsync();
    }

    [Fact]
    public async Task Unreadable_Model_Or_Malformed_Replay_Row_Is_One_Line_And_A_Nonzero_Exit()
    {
        var badModel = Path.Combine(broker.WorkDirectory, "broken.elstm");
        await File.WriteAllTextAsync(badModel, "not a model");
        await using var model = await EdgeLstmProcess.RunAsync(["replay", TestRecordings.RealDs3, "--model", badModel, "--broker", broker.Uri.ToString()], Exit);
        output.WriteLine(model.StandardError);
        Assert.NotEqual(0, model.ExitCode);
        Assert.Contains("broken.elstm", Assert.Single(model.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

        var badRow = Path.Combine(broker.WorkDirectory, "bad-row.csv");
        var lines = (await File.ReadAllLinesAsync(TestRecordings.RealDs3)).Take(400).Append("12.5,not-a-number,,,,,,,,,,").ToArray();
        await File.WriteAllLinesAsync(badRow, lines);
        await using var replay = await EdgeLstmProcess.RunAsync(["replay", badRow, "--speed", "max", "--model", TestModels.Path, "--broker", broker.Uri.ToString()], Exit);
        output.WriteLine(replay.StandardError);
        Assert.Equal(2, replay.ExitCode);
        var error = Assert.Single(replay.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("edge-lstm: error:", StringComparison.Ordinal));
        Assert.Contains("bad-row.csv", error, StringComparison.Ordinal);
        Assert.Contains("401", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_Fails_Fast_With_One_Line_When_The_Broker_Refuses_The_Connection()
    {
        var closedPort = FreePort.Next();
        await using var replay = await EdgeLstmProcess.RunAsync(["replay", TestRecordings.RealDs3, "--model", TestModels.Path, "--broker", $"mqtt://127.0.0.1:{closedPort}"], Exit);
        output.WriteLine(replay.StandardError);
        Assert.Equal(1, replay.ExitCode);
        var line = Assert.Single(replay.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("edge-lstm: error:", StringComparison.Ordinal));
        Assert.Contains("refused", line, StringComparison.Ordinal);
    }

    [MosquittoFact]
    public async Task Bad_Credentials_Are_One_Clear_Line_And_A_Nonzero_Exit()
    {
        var secured = await broker.StartPasswordBrokerAsync("robot", "right-password");
        var wrong = Path.Combine(broker.WorkDirectory, "wrong.pass");
        await File.WriteAllTextAsync(wrong, "wrong-password\n");
        await using var replay = await EdgeLstmProcess.RunAsync(
            ["replay", TestRecordings.RealDs3, "--model", TestModels.Path, "--broker", secured.Uri.ToString(), "--user", "robot", "--password-file", wrong],
            Exit);
        output.WriteLine(replay.StandardError);
        Assert.Equal(1, replay.ExitCode);
        var line = Assert.Single(replay.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("edge-lstm: error:", StringComparison.Ordinal));
        Assert.Contains("'robot'", line, StringComparison.Ordinal);
        Assert.Contains("not authorized", line, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", replay.StandardError + replay.StandardOutput, StringComparison.Ordinal);
    }
}
