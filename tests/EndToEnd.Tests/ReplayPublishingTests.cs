using System.Text.Json;
using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Tests.Infrastructure;
using EdgeLstm.Worker.Service;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests;

/// <summary>The replay pipeline against the real broker, in process, as `edge-lstm replay` runs it.</summary>
[Collection(BrokerGroup.Name)]
public sealed class ReplayPublishingTests(MosquittoFixture broker, ITestOutputHelper output)
{
    private WorkerSettings Settings(string robot, string file, string speed = "max")
    {
        var settings = new WorkerSettings
        {
            Source = SourceNames.Replay,
            Model = TestModels.Path,
            RobotId = robot,
            Mqtt = new MqttSettings { Broker = broker.Uri.ToString() },
        };
        settings.Replay.Files.Add(file);
        settings.Replay.Speed = speed;
        return settings;
    }

    [Fact]
    public async Task Real_Recording_Replay_Publishes_Every_Prediction_Valid_Against_The_Schema()
    {
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/e2e-ds3/#");

        var summary = await ReplayRunner.RunToSummaryAsync(Settings("e2e-ds3", TestRecordings.RealDs3), output.WriteLine, null, CancellationToken.None);
        output.WriteLine(summary.Format());

        // 127 s at 50 Hz; at max speed the pipeline waits for the queue, so nothing is lost.
        Assert.InRange(summary.Frames, 6000, 6500);
        Assert.Equal(summary.Frames, summary.Predictions);
        Assert.Equal(summary.Predictions, summary.Published);
        Assert.Equal(0, summary.Dropped);
        Assert.True(summary.Step.P99Micros > 0);

        await recorder.WaitForAsync(m => m.Count(Payloads.IsPrediction) >= summary.Published, $"{summary.Published} predictions arrived", TimeSpan.FromSeconds(20));
        var predictions = recorder.Messages.Where(Payloads.IsPrediction).ToList();
        Assert.Equal(Enumerable.Range(0, predictions.Count).Select(i => (long)i), predictions.Select(Payloads.Seq));
        foreach (var message in predictions)
        {
            Assert.Empty(Payloads.PredictionSchema.Validate(message.Payload));
            Assert.Equal("application/json", message.ContentType);
            Assert.InRange(message.ExpiryInterval, 1u, 3u);
        }

        using var last = JsonDocument.Parse(predictions[^1].Payload);
        Assert.Equal(20, last.RootElement.GetProperty("path").GetArrayLength());
        Assert.Equal("odom", last.RootElement.GetProperty("frame").GetString());
    }

    [Fact]
    public async Task Status_Is_Retained_Online_With_Meta_While_Running_And_Offline_After_A_Clean_End()
    {
        await using var live = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/e2e-status/+");
        using var stop = new CancellationTokenSource();
        var replay = ReplayRunner.RunToSummaryAsync(Settings("e2e-status", TestRecordings.RealDs3, speed: "1"), output.WriteLine, null, stop.Token);

        await live.WaitForAsync(m => m.Count(Payloads.IsPrediction) >= 10, "predictions flow");

        // A subscriber arriving late gets the retained status and meta at once.
        await using (var late = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/e2e-status/+"))
        {
            await late.WaitForAsync(m => m.Any(x => Payloads.IsStatus(x) && x.Retain) && m.Any(x => Payloads.IsMeta(x) && x.Retain), "retained status and meta");
            var status = late.Messages.First(x => Payloads.IsStatus(x) && x.Retain);
            Assert.Equal("online", Payloads.State(status));
            Assert.Empty(Payloads.StatusSchema.Validate(status.Payload));

            using var meta = JsonDocument.Parse(late.Messages.First(x => Payloads.IsMeta(x) && x.Retain).Payload);
            var root = meta.RootElement;
            Assert.Equal(MetaJson.SchemaVersion, root.GetProperty("schema_version").GetInt32());
            Assert.Equal(64, root.GetProperty("hidden_size").GetInt32());
            Assert.Equal(50.0, root.GetProperty("frame_rate_hz").GetDouble());
            Assert.Equal(20, root.GetProperty("horizon_steps").GetInt32());
            Assert.Equal(2.0, root.GetProperty("horizon_s").GetDouble(), 6);
            Assert.True(root.GetProperty("features").GetArrayLength() >= 1);
            Assert.False(string.IsNullOrEmpty(root.GetProperty("model").GetString()));
        }

        await stop.CancelAsync();
        var summary = await replay;
        Assert.True(summary.Published > 0);
        await live.WaitForAsync(m => m.Any(x => Payloads.IsStatus(x) && Payloads.State(x) == "offline"), "status offline after the end");
        var offline = live.Messages.Last(Payloads.IsStatus);
        Assert.Equal("offline", Payloads.State(offline));
        Assert.Equal("shutdown", Payloads.LinkReason(offline));
    }

    [MosquittoFact]
    public async Task Tls_With_A_Client_Certificate_Made_In_The_Test_Publishes_And_A_Foreign_Ca_Is_A_Clear_Error()
    {
        var pki = TestPki.Create(broker.WorkDirectory);
        var tls = await broker.StartTlsBrokerAsync(pki);
        var file = TestRecordings.Simulated(broker.WorkDirectory, seconds: 20, seed: 5);

        var settings = Settings("e2e-tls", file);
        settings.Mqtt = new MqttSettings { Broker = tls.SecureUri.ToString(), CaFile = pki.CaFile, ClientCertFile = pki.ClientCertFile, ClientKeyFile = pki.ClientKeyFile };
        var summary = await ReplayRunner.RunToSummaryAsync(settings, output.WriteLine, null, CancellationToken.None);
        Assert.True(summary.Predictions >= 990);
        Assert.Equal(summary.Predictions, summary.Published);

        settings.Mqtt.CaFile = pki.RogueCaFile;
        var refused = await Assert.ThrowsAsync<Messaging.Connection.MqttConnectException>(() => ReplayRunner.RunToSummaryAsync(settings, null, null, CancellationToken.None));
        output.WriteLine(refused.Message);
        Assert.Equal(Messaging.Connection.ConnectFailureKind.Tls, refused.Kind);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.Contains("not trusted", refused.Message, StringComparison.Ordinal);
    }
}
