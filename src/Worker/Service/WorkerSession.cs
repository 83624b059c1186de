using System.Diagnostics;
using System.Net.Sockets;
using EdgeLstm.Messaging.Broker;
using EdgeLstm.Messaging.Options;
using EdgeLstm.Messaging.Publishing;

namespace EdgeLstm.Worker.Service;

/// <summary>
/// One run of the worker, shared by `run` and `replay`: the embedded broker when configured, the
/// publisher (meta, status, Last Will), the prediction pipeline on its own thread and the status
/// reporter beside it. Disposing it shuts down in order: status "offline", queue flushed,
/// disconnect, broker stopped.
/// </summary>
public sealed class WorkerSession : IAsyncDisposable
{
    private readonly WorkerPlan _plan;
    private readonly EmbeddedBroker? _broker;
    private long _startedTicks;
    private long _stoppedTicks;
    private int _disposed;

    private WorkerSession(WorkerPlan plan, EmbeddedBroker? broker, MqttPredictionPublisher publisher, Action<string>? log)
    {
        _plan = plan;
        _broker = broker;
        Publisher = publisher;
        // A replay at maximum speed can outrun any network: wait for room so that every prediction is
        // published. A live source (or a paced replay, which stands in for one) never waits.
        publisher.Ring.FullMode = plan.Source.Speed.IsMax && plan.Source.Health is null ? PredictionRingFullMode.Wait : PredictionRingFullMode.DropOldest;
        Pipeline = new PredictionPipeline(plan.Predictor, publisher.Ring, plan.ModelName);
        Status = new StatusReporter(publisher, Pipeline, plan.Source.Health, plan.Source.Description, log);
    }

    public MqttPredictionPublisher Publisher { get; }

    public PredictionPipeline Pipeline { get; }

    public StatusReporter Status { get; }

    public MqttTopics Topics => Publisher.Options.Topics;

    /// <summary>True when this session runs the in-process broker.</summary>
    public bool HasEmbeddedBroker => _broker is not null;

    /// <summary>Wall time the pipeline ran, for rates.</summary>
    public TimeSpan Elapsed => _startedTicks == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_startedTicks, _stoppedTicks == 0 ? Stopwatch.GetTimestamp() : _stoppedTicks);

    /// <summary>
    /// Starts the embedded broker if configured and connects. With <paramref name="failFast"/> a
    /// failed first connection throws <see cref="Messaging.Connection.MqttConnectException"/>;
    /// without it the publisher keeps trying in the background and the pipeline runs regardless.
    /// </summary>
    public static async Task<WorkerSession> StartAsync(WorkerPlan plan, bool failFast, Action<string>? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var settings = plan.Settings;
        var options = PublisherOptionsFactory.Create(settings.Mqtt, settings.RobotId, plan.Predictor.Config);
        var broker = settings.Mqtt.IsEmbedded ? await StartEmbeddedAsync(settings.Mqtt.EmbeddedPort, cancellationToken) : null;
        MqttPredictionPublisher? publisher = null;
        try
        {
            publisher = new MqttPredictionPublisher(options, log);
            var session = new WorkerSession(plan, broker, publisher, log);
            await publisher.PublishMetaAsync(MetaJson.Create(plan.Predictor.Config, plan.ModelPath, settings.RobotId, plan.Source.Description), cancellationToken);
            await session.Status.PublishInitialAsync(cancellationToken);
            await publisher.StartAsync(failFast, cancellationToken);
            return session;
        }
        catch
        {
            if (publisher is not null)
            {
                await publisher.DisposeAsync();
            }

            if (broker is not null)
            {
                await broker.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>
    /// Runs the pipeline on a dedicated thread until the sources end or <paramref name="cancellationToken"/>
    /// fires, with the status reporter beside it. Rethrows what stopped the pipeline (a malformed replay row).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stopStatus = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var status = Status.RunAsync(stopStatus.Token);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Pipeline.Run(_plan.Source.Sources, _plan.Source.Speed, cancellationToken);
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        })
        {
            // A live loop that must not keep a terminating process alive.
            IsBackground = true,
            Name = "edge-lstm predictor",
        };
        _startedTicks = Stopwatch.GetTimestamp();
        thread.Start();
        try
        {
            await done.Task;
        }
        finally
        {
            _stoppedTicks = Stopwatch.GetTimestamp();
            await stopStatus.CancelAsync();
            await status;
        }
    }

    /// <summary>Waits until the queue is empty (or <paramref name="timeout"/>), then publishes the final counters.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var flushed = !Publisher.IsConnected || await Publisher.FlushAsync(timeout, cancellationToken);
        await Status.CheckAsync(cancellationToken);
        return flushed;
    }

    public RunSummary Summarize() => RunSummary.From(Pipeline, Publisher, Elapsed);

    /// <summary>Clean shutdown: "offline" status, flushed queue, normal disconnect (no Last Will), broker stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Publisher.DisposeAsync();
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    private static async Task<EmbeddedBroker> StartEmbeddedAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            return await EmbeddedBroker.StartAsync(port, cancellationToken);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new IOException($"Mqtt:EmbeddedPort: port {port} on 127.0.0.1 is already in use (another broker or worker?); set Mqtt:EmbeddedPort to a free port or Mqtt:Broker to the broker that runs there", e);
        }
        catch (SocketException e)
        {
            throw new IOException($"cannot start the embedded broker on 127.0.0.1:{port}: {e.Message}", e);
        }
    }
}
