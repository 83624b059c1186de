using EdgeLstm.Messaging.Options;
using EdgeLstm.Messaging.Subscribing;
using EdgeLstm.Worker.Errors;
using EdgeLstm.Worker.Service;

namespace EdgeLstm.Worker.Watch;

/// <summary>The body of `edge-lstm watch`: subscribe, then redraw the board a few times a second.</summary>
public static class WatchRunner
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

    public static Task<int> RunAsync(MqttSettings mqtt, string? robotId, TextWriter output, CancellationToken cancellationToken) =>
        RunAsync(mqtt, robotId, shareGroup: null, output, cancellationToken);

    /// <param name="shareGroup">With a group, predictions come through $share/GROUP/...: the group's watchers split them.</param>
    public static async Task<int> RunAsync(MqttSettings mqtt, string? robotId, string? shareGroup, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var builder = PublisherOptionsFactory.Builder(mqtt, robotId, model: null);
        if (shareGroup is not null)
        {
            builder.WithShareGroup(shareGroup);
        }

        var options = builder.BuildSubscriberOptions();
        await using var subscriber = new PredictionSubscriber(options);
        await subscriber.ConnectAsync(cancellationToken);
        await output.WriteLineAsync($"edge-lstm: watching {options.PredictionFilter} and {options.StatusFilter} on {subscriber.Broker} (MQTT {subscriber.Protocol.ToName()}) (Ctrl+C to stop)");

        var board = new WatchBoard();
        var interactive = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
        var drawn = 0;
        using var redraw = new PeriodicTimer(RedrawInterval);
        var reader = subscriber.Messages;
        var tick = redraw.WaitForNextTickAsync(cancellationToken).AsTask();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var next = reader.WaitToReadAsync(cancellationToken).AsTask();
                var woke = await Task.WhenAny(next, tick);
                while (reader.TryRead(out var message))
                {
                    board.Observe(message);
                }

                if (woke == next && !await next)
                {
                    break; // the subscriber's channel completed: disconnected
                }

                if (tick.IsCompleted)
                {
                    drawn = await DrawAsync(board, output, interactive, drawn);
                    tick = redraw.WaitForNextTickAsync(cancellationToken).AsTask();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }

        // The channel completed with the subscriber's MqttConnectException: surface it as the command's error.
        await reader.Completion;
        return ExitCodes.Ok;
    }

    private static async Task<int> DrawAsync(WatchBoard board, TextWriter output, bool interactive, int previousLines)
    {
        var lines = board.Render();
        if (interactive && previousLines > 0)
        {
            // Move back up over the previous board and overwrite it in place.
            await output.WriteAsync($"\u001b[{previousLines}F");
        }

        foreach (var line in lines)
        {
            await output.WriteLineAsync(interactive ? line + "\u001b[K" : line);
        }

        return interactive ? lines.Count : 0;
    }
}
