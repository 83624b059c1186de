using EdgeLstm.Worker.Errors;


namespace EdgeLstm.Worker.Service;

/// <summary>The body of `edge-lstm replay`: run the files through a session, drain, summarise.</summary>
public static class ReplayRunner
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs the replay; returns the exit code. Connection and input errors are thrown for the caller to report.</summary>
    public static async Task<int> RunAsync(WorkerSettings settings, TextWriter output, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(log);
        // The first connection's failure is thrown and reported once by the caller; log what follows.
        var connected = false;
        var summary = await RunToSummaryAsync(settings, line => { if (Volatile.Read(ref connected)) { log.WriteLine($"edge-lstm: {line}"); } }, output, cancellationToken, () => Volatile.Write(ref connected, true));
        await output.WriteLineAsync(summary.Format());
        return cancellationToken.IsCancellationRequested ? ExitCodes.Ok : summary.Published == 0 && summary.Predictions > 0 ? ExitCodes.Failure : ExitCodes.Ok;
    }

    /// <summary>Runs the replay and returns its figures (for tests and the command).</summary>
    public static async Task<RunSummary> RunToSummaryAsync(WorkerSettings settings, Action<string>? log, TextWriter? banner, CancellationToken cancellationToken, Action? connected = null)
    {
        using var plan = WorkerPlan.Create(settings);
        await using var session = await WorkerSession.StartAsync(plan, failFast: true, log, cancellationToken);
        connected?.Invoke();
        if (banner is not null)
        {
            var options = session.Publisher.Options;
            await banner.WriteLineAsync($"edge-lstm: {plan.Source.Description} with model {plan.ModelName} to {options.BrokerUri.GetLeftPart(UriPartial.Authority)}{(session.HasEmbeddedBroker ? " (embedded broker)" : string.Empty)}, topic {options.Topics.Prediction}");
            await banner.WriteLineAsync($"edge-lstm: watch with: {SubscribeHint.For(options, settings.Mqtt)}");
        }

        try
        {
            await session.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: still report what was done
        }

        // Flush even after Ctrl+C, briefly, so the counts describe what really reached the broker.
        using var drain = new CancellationTokenSource(DrainTimeout);
        await session.DrainAsync(DrainTimeout, drain.Token);
        return session.Summarize();
    }
}
