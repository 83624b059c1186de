using EdgeLstm.Messaging.Publishing;

namespace EdgeLstm.Messaging.Tests.Infrastructure;

/// <summary>
/// The frame loop of the broker tests: one prediction every 10 ms (100 Hz) handed to the publisher,
/// counting those it took. The publisher never throws at its producer, so any exception the loop
/// meets is kept in <see cref="Error"/> for the test to assert on.
/// </summary>
internal sealed class SteadyProducer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _committed;

    private SteadyProducer(MqttPredictionPublisher publisher) => _loop = Task.Run(() => RunAsync(publisher));

    /// <summary>Predictions the publisher took (queued, or dropped by the ring and counted).</summary>
    public long Committed => Interlocked.Read(ref _committed);

    public Exception? Error { get; private set; }

    public static SteadyProducer Start(MqttPredictionPublisher publisher) => new(publisher);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(MqttPredictionPublisher publisher)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (TestPredictions.Publish(publisher, Committed))
                {
                    Interlocked.Increment(ref _committed);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // stopped
        }
        catch (Exception ex)
        {
            Error = ex;
        }
    }
}
