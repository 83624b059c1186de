using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests;

/// <summary>The broker goes away for 5 s in the middle of a real-time replay and comes back.</summary>
[Collection(BrokerGroup.Name)]
public sealed class BrokerOutageTests(MosquittoFixture broker, ITestOutputHelper output)
{
    /// <summary>The length of the outage is the scenario itself, not a wait for something to happen.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Broker_Down_For_5s_Worker_Keeps_Predicting_Reconnects_Publishes_Again_And_Reports_What_It_Dropped()
    {
        var file = TestRecordings.Simulated(broker.WorkDirectory, seconds: 14, seed: 11);
        await using var before = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/e2e-outage/+");
        await using var worker = EdgeLstmProcess.Start(["replay", file, "--speed", "1", "--model", TestModels.Path, "--broker", broker.Uri.ToString(), "--robot", "e2e-outage"]);
        await before.WaitForAsync(m => m.Count(Payloads.IsPrediction) >= 50, "predictions before the outage", TimeSpan.FromSeconds(20));

        await broker.StopAsync();
        var lastSeqBefore = before.Messages.Where(Payloads.IsPrediction).Max(Payloads.Seq);
        await Task.Delay(Outage);
        Assert.False(worker.HasExited, $"the worker died during the outage: {worker.StandardError}");
        await broker.StartAsync();

        await using var after = await TopicRecorder.StartAsync(broker.Port, "edge-lstm/e2e-outage/+");
        await after.WaitForAsync(m => m.Any(x => Payloads.IsPrediction(x) && Payloads.Seq(x) > lastSeqBefore + 200), "predictions again after the outage, made while it lasted", TimeSpan.FromSeconds(15));
        await after.WaitForAsync(
            m => m.Any(x => Payloads.IsStatus(x) && Payloads.State(x) == "online" && Payloads.Detail(x, "reconnects") >= 1 && Payloads.Detail(x, "dropped") > 0),
            "a status that reports the reconnection and the predictions lost to the outage",
            TimeSpan.FromSeconds(15));

        await worker.WaitForExitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(worker.StandardOutput);
        output.WriteLine(worker.StandardError);
        Assert.Equal(0, worker.ExitCode);
        var frames = Payloads.SummaryValue(worker.StandardOutput, "frames");
        Assert.InRange(frames, 690, 710); // 14 s at 50 Hz: every frame predicted, outage or not
        Assert.Equal(frames, Payloads.SummaryValue(worker.StandardOutput, "predictions"));
        Assert.Equal(1, Payloads.SummaryValue(worker.StandardOutput, "reconnects"));
        Assert.True(Payloads.SummaryValue(worker.StandardOutput, "dropped") > 0);
        // How much is lost depends on when the capped, jittered backoff retries after the restart
        // (up to a few seconds), so assert the accounting rather than a fraction: every prediction
        // was either published or counted as dropped, and publishing went on after the outage.
        var published = Payloads.SummaryValue(worker.StandardOutput, "published");
        Assert.Equal(frames, published + Payloads.SummaryValue(worker.StandardOutput, "dropped"));
        Assert.True(published > 150, $"only {published} of {frames} published");
        Assert.Contains("lost", worker.StandardError, StringComparison.Ordinal);
    }
}
