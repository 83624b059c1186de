using System.Globalization;
using System.Text.Json.Nodes;
using EdgeLstm.EndToEnd.Tests.Infrastructure;
using EdgeLstm.Messaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeLstm.EndToEnd.Tests.View;

/// <summary>
/// `edge-lstm view` in a real headless browser: the page loads cleanly, receives the predictions of
/// a replay of a real recording through the broker, and draws them.
/// </summary>
[Collection(BrokerGroup.Name)]
public sealed class ViewPageTests(MosquittoFixture broker, ITestOutputHelper output)
{
    private const string Robot = "e2e-view";
    private const string Card = $"document.querySelector('[data-robot=\"{Robot}\"]')";

    [BrowserFact]
    public async Task View_Page_Draws_Live_Predictions_Of_A_Replay_Without_Console_Errors()
    {
        var port = FreePort.Next();
        await using var view = EdgeLstmProcess.Start(["view", "--broker", broker.Uri.ToString(), "--port", port.ToString(CultureInfo.InvariantCulture)]);
        await view.WaitForOutputAsync("edge-lstm: view on", TimeSpan.FromSeconds(30));

        await using var browser = await HeadlessChromium.StartAsync(1280, 900);
        await using var page = await DevToolsPage.AttachAsync(browser.DevToolsPort);
        await page.SendAsync("Page.navigate", new JsonObject { ["url"] = $"http://127.0.0.1:{port}/" });
        await WaitForAsync(page, "document.readyState === 'complete' && document.getElementById('broker').textContent.startsWith('broker ')", "the page loaded and reached the broker");

        // A real recording with ground truth, at 4x: 50 predictions a second reach the page quickly.
        await using var replay = EdgeLstmProcess.Start(["replay", TestRecordings.RealDs3, "--speed", "4", "--broker", broker.Uri.ToString(), "--robot", Robot, "--model", TestModels.Path]);
        await WaitForAsync(page, $"{Card} !== null && Number({Card}.querySelector('.count').textContent) >= 50", "the robot's card counted 50 predictions");
        var before = await CanvasAsync(page);
        var countBefore = await CountAsync(page);
        await WaitForAsync(page, $"Number({Card}.querySelector('.count').textContent) >= {countBefore + 200}", "200 more predictions arrived");
        await WaitForAsync(page, $"{Card}.querySelector('.state').textContent === 'online'", "the status shows online");
        var after = await CanvasAsync(page);

        Assert.NotEqual(before, after);
        var red = (int)(await page.EvaluateAsync(PredictedPixelsScript))!;
        Assert.True(red > 50, $"the predicted path is drawn (red pixels: {red})");
        var rate = (string)(await page.EvaluateAsync($"{Card}.querySelector('.rate').textContent"))!;
        Assert.NotEqual("0.0 Hz", rate);

        var screenshot = await page.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults"));
        var file = Path.Combine(directory.FullName, "view-page.png");
        await File.WriteAllBytesAsync(file, Convert.FromBase64String((string)screenshot["data"]!));
        output.WriteLine($"screenshot: {file} (rate {rate}, {await CountAsync(page)} predictions)");

        Assert.True(page.Errors.Count == 0, "console errors: " + string.Join(" | ", page.Errors));
        Assert.False(view.HasExited, $"view exited: {view.StandardError}");
    }

    [BrowserFact]
    public async Task View_Draws_The_90_Percent_Region_Of_A_Model_With_Uncertainty_And_Names_It_In_The_Legend()
    {
        // σ = 0.05 m per step in every direction, Student-t regions with ν = 3 (published as spread_dof).
        var model = TestModels.WithConstantSpread(Path.Combine(Path.GetTempPath(), $"edge-lstm-e2e-spread-{Environment.ProcessId}.elstm"), tailDegreesOfFreedom: 3);
        var port = FreePort.Next();
        await using var view = EdgeLstmProcess.Start(["view", "--broker", broker.Uri.ToString(), "--port", port.ToString(CultureInfo.InvariantCulture)]);
        await view.WaitForOutputAsync("edge-lstm: view on", TimeSpan.FromSeconds(30));

        await using var browser = await HeadlessChromium.StartAsync(1280, 900);
        await using var page = await DevToolsPage.AttachAsync(browser.DevToolsPort);
        await page.SendAsync("Page.navigate", new JsonObject { ["url"] = $"http://127.0.0.1:{port}/" });
        await WaitForAsync(page, "document.readyState === 'complete' && document.getElementById('broker').textContent.startsWith('broker ')", "the page loaded and reached the broker");
        var legend = (string)(await page.EvaluateAsync("document.querySelector('.legend').textContent"))!;
        Assert.Contains("90 % region", legend, StringComparison.Ordinal);

        await using var replay = EdgeLstmProcess.Start(["replay", TestRecordings.RealDs3, "--speed", "4", "--broker", broker.Uri.ToString(), "--robot", Robot + "-spread", "--model", model]);
        var card = $"document.querySelector('[data-robot=\"{Robot}-spread\"]')";
        await WaitForAsync(page, $"{card} !== null && Number({card}.querySelector('.count').textContent) >= 100", "the robot's card counted 100 predictions");
        await WaitForAsync(page, $"{card}.querySelector('.radius').textContent.endsWith(' m')", "the card shows the 90 % radius");

        // The 90 % radius of a t with ν = 3 is √(3·(10^(2/3) − 1)) = 3.305 σ (a Gaussian's: 2.146 σ, "1.07 m / 2.15 m").
        // σ is 0.5 m at 1 s and 1 m at 2 s; the online widening stays at 1 on this calm run (it never narrows).
        var radius = (string)(await page.EvaluateAsync($"{card}.querySelector('.radius').textContent"))!;
        Assert.Equal("1.65 m / 3.31 m", radius);

        var tinted = (int)(await page.EvaluateAsync(RegionPixelsScript.Replace("CARD", card, StringComparison.Ordinal)))!;
        Assert.True(tinted > 200, $"the 90 % region is drawn (orange pixels: {tinted})");
        Assert.True(page.Errors.Count == 0, "console errors: " + string.Join(" | ", page.Errors));
    }

    // Pixels of the region's tint (rgb 255, 127, 14 at partial alpha) on a robot's canvas.
    private const string RegionPixelsScript = """
        (() => {
          const c = CARD.querySelector('canvas');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) if (d[i] > 220 && d[i + 1] > 95 && d[i + 1] < 160 && d[i + 2] < 60 && d[i + 3] > 30) n++;
          return n;
        })()
        """;

    // Pixels of the current predicted path's colour (rgb 214, 39, 40) on the robot's canvas.
    private const string PredictedPixelsScript = $$"""
        (() => {
          const c = {{Card}}.querySelector('canvas');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) if (d[i] > 180 && d[i + 1] < 80 && d[i + 2] < 80 && d[i + 3] > 200) n++;
          return n;
        })()
        """;

    private static async Task<string> CanvasAsync(DevToolsPage page) =>
        (string)(await page.EvaluateAsync($"{Card}.querySelector('canvas').toDataURL()"))!;

    private static async Task<int> CountAsync(DevToolsPage page) =>
        (int)double.Parse((string)(await page.EvaluateAsync($"{Card}.querySelector('.count').textContent"))!, CultureInfo.InvariantCulture);

    private static async Task WaitForAsync(DevToolsPage page, string condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
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
