using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Tests.Infrastructure;
using EdgeLstm.Worker.Service;
using EdgeLstm.Worker.Watch;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests;

/// <summary>`edge-lstm watch` shows a live line per robot while a worker publishes.</summary>
[Collection(BrokerGroup.Name)]
public sealed class WatchTests(MosquittoFixture broker, ITestOutputHelper output)
{
    [Fact]
    public async Task Watch_Shows_Rate_Latency_Pose_Path_End_And_Status_Of_A_Publishing_Robot()
    {
        var file = TestRecordings.Simulated(broker.WorkDirectory, seconds: 30, seed: 8);
        var settings = new WorkerSettings
        {
            Source = SourceNames.Replay,
            Model = TestModels.Path,
            RobotId = "e2e-watch",
            Mqtt = new MqttSettings { Broker = broker.Uri.ToString() },
        };
        settings.Replay.Files.Add(file);
        using var stop = new CancellationTokenSource();
        using var screen = new ScreenWriter();
        var watch = WatchRunner.RunAsync(new MqttSettings { Broker = broker.Uri.ToString() }, "e2e-watch", screen, stop.Token);
        var replay = ReplayRunner.RunToSummaryAsync(settings, output.WriteLine, null, stop.Token);

        // A full line: the rate has been measured over a second of live predictions.
        await Wait.UntilAsync(() => screen.Text.Split('\n').Any(l => l.StartsWith("e2e-watch", StringComparison.Ordinal) && l.Contains(" online ", StringComparison.Ordinal) && l.Contains(" Hz", StringComparison.Ordinal) && !l.Contains("  0.0 Hz", StringComparison.Ordinal) && l.Contains("path end (", StringComparison.Ordinal)), "watch printed a live line for the robot", TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        await replay;
        Assert.Equal(0, await watch);
        output.WriteLine(screen.Text.Split('\n').Last(l => l.StartsWith("e2e-watch", StringComparison.Ordinal)));
    }
}
