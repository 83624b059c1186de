using System.Globalization;
using System.Text.Json.Nodes;
using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests.View;

/// <summary>
/// The view with a fleet: one overview row per robot with its status, and no map until one is asked
/// for; clicking a robot opens its map, which then draws its predictions.
/// </summary>
[Collection(BrokerGroup.Name)]
public sealed class FleetViewTests(MosquittoFixture broker, ITestOutputHelper output)
{
    private const int Robots = 12;
    private const string Picked = "robot-007";

    // Its own prefix: the shared broker keeps other tests' retained statuses under edge-lstm/.
    private const string Prefix = "fleet-view";
    private const string Card = $"document.querySelector('[data-robot=\"{Picked}\"]')";

    private const string PredictedPixelsScript = $$"""
        (() => {
          const c = {{Card}}.querySelector('canvas');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) if (d[i] > 180 && d[i + 1] < 80 && d[i + 2] < 80 && d[i + 3] > 200) n++;
          return n;
        })()
        """;

    [BrowserFact]
    public async Task Overview_Lists_Every_Robot_With_Its_Status_And_A_Click_Opens_Its_Map()
    {
        var port = FreePort.Next();
        await using var view = EdgeLstmProcess.Start(["view", "--broker", broker.Uri.ToString(), "--prefix", Prefix, "--robot", "+", "--port", port.ToString(CultureInfo.InvariantCulture)]);
        await view.WaitForOutputAsync("edge-lstm: view on", TimeSpan.FromSeconds(30));
        await using var browser = await HeadlessChromium.StartAsync(1280, 900);
        await using var page = await DevToolsPage.AttachAsync(browser.DevToolsPort);
        await page.SendAsync("Page.navigate", new JsonObject { ["url"] = $"http://127.0.0.1:{port}/" });
        await using var fleet = EdgeLstmProcess.Start(["fleet", "--robots", Robots.ToString(CultureInfo.InvariantCulture), "--seconds", "40", "--broker", broker.Uri.ToString(), "--prefix", Prefix, "--model", TestModels.Path]);

        await WaitForAsync(page, $"document.querySelectorAll('#overview tbody tr').length === {Robots} && [...document.querySelectorAll('#overview tbody td.state')].every(c => c.textContent === 'online')", "every robot online in the overview");
        await WaitForAsync(page, $"[...document.querySelectorAll('#overview tbody td.count')].every(c => Number(c.textContent) > 20)", "every robot's predictions counted");
        Assert.Equal(0, (int)(await page.EvaluateAsync("document.querySelectorAll('section.robot').length"))!);
        Assert.False((bool)(await page.EvaluateAsync("document.getElementById('overview').hidden"))!);

        await page.EvaluateAsync($"document.querySelector('#overview tr[data-overview=\"{Picked}\"]').click()");
        await WaitForAsync(page, $"{Card} !== null && Number({Card}.querySelector('.count').textContent) > 0", "the picked robot's map opened");
        await WaitForAsync(page, $"{PredictedPixelsScript} > 50", "its predicted path is drawn");
        Assert.Equal(1, (int)(await page.EvaluateAsync("document.querySelectorAll('section.robot').length"))!);

        await page.EvaluateAsync($"{Card}.querySelector('.close').click()");
        await WaitForAsync(page, $"{Card} === null", "the map closed again");
        Assert.True(page.Errors.Count == 0, "console errors: " + string.Join(" | ", page.Errors));
        fleet.Kill();
        output.WriteLine(view.StandardError);
    }

    private static async Task WaitForAsync(DevToolsPage page, string condition, string what)
    {
        // Generous: twelve robots start (JIT, calibration, connections) before the first row can fill.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (await page.EvaluateAsync($"!!({condition})") is JsonValue value && value.GetValue<bool>())
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"timed out waiting until {what}; page errors: {string.Join(" | ", page.Errors)}");
    }
}
