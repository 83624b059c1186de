using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Tests.Infrastructure;
using EdgeLstm.Worker.Service;
using EdgeLstm.Worker.Watch;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests;

/// <summary>`edge-lstm fleet` against a real broker, watched as a fleet.</summary>
[Collection(BrokerGroup.Name)]
public sealed class FleetTests(MosquittoFixture broker, ITestOutputHelper output)
{
    private const int Robots = 12;

    // Its own prefix: the shared broker keeps other tests' retained statuses under edge-lstm/.
    private const string Prefix = "fleet-watch";

    [Fact]
    public async Task Fleet_Of_12_Publishes_Every_Prediction_Or_Counts_It_And_Watch_Sums_The_Fleet_Up()
    {
        using var stop = new CancellationTokenSource();
        using var screen = new ScreenWriter();
        var watch = WatchRunner.RunAsync(new MqttSettings { Broker = broker.Uri.ToString(), TopicPrefix = Prefix }, robotId: null, screen, stop.Token);
        await using var fleet = EdgeLstmProcess.Start(["fleet", "--robots", Robots.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seconds", "8", "--broker", broker.Uri.ToString(), "--prefix", Prefix, "--model", TestModels.Path]);

        await Wait.UntilAsync(() => screen.Text.Contains($"{Robots} robots: {Robots} online;", StringComparison.Ordinal), "watch summed up the fleet", TimeSpan.FromSeconds(120));
        await fleet.WaitForExitAsync(TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        Assert.Equal(0, await watch);
        output.WriteLine(fleet.StandardOutput);
        Assert.Equal(0, fleet.ExitCode);

        var predictions = Payloads.SummaryValue(fleet.StandardOutput, "predictions");
        var published = Payloads.SummaryValue(fleet.StandardOutput, "published");
        Assert.Equal(predictions, published + Payloads.SummaryValue(fleet.StandardOutput, "dropped"));
        Assert.InRange(predictions, Robots * 8 * 50 * 9 / 10, Robots * 8 * 50 * 11 / 10); // 8 s at 50 Hz each
        Assert.Equal(Robots, fleet.StandardOutput.Split('\n').Count(l => l.StartsWith("robot-", StringComparison.Ordinal)));
        Assert.Contains("int8", fleet.StandardOutput, StringComparison.Ordinal);
        var lines = screen.Text.Split('\n');
        Assert.Equal(Robots, lines.Where(l => l.StartsWith("robot-", StringComparison.Ordinal)).Select(l => l[..9]).Distinct().Count());
    }

    [Fact]
    public async Task Fleet_Refuses_The_Embedded_Broker_And_A_Bad_Robot_Count_In_One_Line()
    {
        var embedded = await EdgeLstmProcess.RunAsync(["fleet", "--robots", "2", "--broker", "embedded"], TimeSpan.FromSeconds(60));
        var none = await EdgeLstmProcess.RunAsync(["fleet", "--robots", "0", "--broker", broker.Uri.ToString()], TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, embedded.ExitCode);
        Assert.Contains("--broker", embedded.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, none.ExitCode);
        Assert.Contains("--robots: 0", none.StandardError, StringComparison.Ordinal);
    }
}
