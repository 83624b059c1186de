using EdgeLstm.Messaging.Options;
using EdgeLstm.Worker.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EdgeLstm.Tools.View;

/// <summary>
/// The body of `edge-lstm view`: a Kestrel server with the embedded page and one server-sent-event
/// stream (/events) fed by the broker. SSE rather than a WebSocket: the data only flows to the
/// browser, and EventSource reconnects by itself.
/// </summary>
internal static class ViewRunner
{
    public static async Task<int> RunAsync(PredictionSubscriberOptions mqtt, ViewSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var hub = new ViewHub();
        await using var source = new ViewMqttSource(mqtt, hub);
        await source.ConnectAsync(cancellationToken);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(settings.Address, settings.Port));
        await using var app = builder.Build();
        MapAssets(app);
        var broker = mqtt.BrokerUri.GetLeftPart(UriPartial.Authority);
        app.MapGet("/events", context => StreamEventsAsync(context, hub, broker));

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            throw new ConfigurationException($"cannot serve on {settings.Address}:{settings.Port}: {ex.Message.ReplaceLineEndings(" ").Trim()}");
        }

        await output.WriteLineAsync($"edge-lstm: view on http://{FormatHost(settings)}:{settings.Port}/ of {mqtt.PredictionFilter} from {broker} (Ctrl+C to stop)");
        try
        {
            await source.KeepConnectedAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: a clean stop.
        }

        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await app.StopAsync(stopping.Token);
        return ExitCodes.Ok;
    }

    private static void MapAssets(WebApplication app)
    {
        foreach (var name in ViewAssets.Names)
        {
            var bytes = ViewAssets.Read(name);
            var type = ViewAssets.ContentType(name);
            app.MapGet(name == "index.html" ? "/" : $"/{name}", () => Results.Bytes(bytes, type));
        }
    }

    private static async Task StreamEventsAsync(HttpContext context, ViewHub hub, string broker)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var aborted = context.RequestAborted;
        var (id, events) = hub.Open();
        try
        {
            // The page learns at once that the view is up and which broker it reads.
            await context.Response.WriteAsync(ViewEvents.Broker(connected: true, broker, error: null), aborted);
            await context.Response.Body.FlushAsync(aborted);
            while (await events.WaitToReadAsync(aborted))
            {
                while (events.TryRead(out var sseEvent))
                {
                    await context.Response.WriteAsync(sseEvent, aborted);
                }

                await context.Response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The page was closed or reloaded.
        }
        finally
        {
            hub.Close(id);
        }
    }

    private static string FormatHost(ViewSettings settings) =>
        settings.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{settings.Address}]" : settings.Address.ToString();
}
