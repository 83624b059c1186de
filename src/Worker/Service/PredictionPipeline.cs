using System.Diagnostics;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Frames;
using EdgeLstm.Worker.Hosting;

namespace EdgeLstm.Worker.Service;

/// <summary>
/// The real-time loop: sensor events → <see cref="FrameAssembler"/> → <see cref="PathPredictor"/> →
/// a slot of the publisher's queue. Runs synchronously on one thread and never waits for the
/// network: the publisher's bounded queue drops its oldest prediction when the broker cannot keep
/// up. After the first frame it allocates nothing: the frame is a struct, the predictor's buffers
/// and the queue's slots are preallocated, latencies go into fixed histograms.
/// </summary>
public sealed class PredictionPipeline
{
    private readonly PathPredictor _predictor;
    private readonly MqttPredictionPublisher _publisher;
    private readonly string _modelName;
    private readonly int _poses;
    private readonly int _pathValues;
    private readonly double _stepSeconds;
    private readonly double _frameRateHz;
    private readonly int _queueCapacity;
    private readonly double _microsPerTick = 1e6 / Stopwatch.Frequency;

    private long _seq;
    private long _frames;
    private long _predictions;
    private long _queued;
    private long _faultFrames;
    private long _sources;
    private volatile bool _sensorFault;
    private bool _assemblerFault;
    private CancellationToken _stopping;

    public PredictionPipeline(PathPredictor predictor, MqttPredictionPublisher publisher, string modelName)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(publisher);
        _predictor = predictor;
        _publisher = publisher;
        _modelName = modelName;
        var config = predictor.Config;
        _poses = config.HorizonSteps;
        _pathValues = config.OutputSize;
        _stepSeconds = config.StepSeconds;
        _frameRateHz = config.FrameRateHz;
        _queueCapacity = publisher.Options.QueueCapacity;
        if (publisher.Options.MaxPathPoses < _poses)
        {
            throw new ArgumentException($"the publisher's slots hold {publisher.Options.MaxPathPoses} poses but the model predicts {_poses}", nameof(publisher));
        }
    }

    /// <summary>Predictor step time, from frame release to path ready (Stopwatch ticks, every frame).</summary>
    public LatencyHistogram StepLatency { get; } = new();

    /// <summary>
    /// Wait for room in the publisher's queue instead of dropping the oldest prediction. For replays
    /// at maximum speed, where the source can outrun any network and every prediction should be
    /// published; a live source must never wait, so it stays off for paced runs.
    /// </summary>
    public bool Lossless { get; set; }

    /// <summary>Told of every frame, so systemd's watchdog is fed only while the loop makes progress.</summary>
    public LoopWatchdog? Watchdog { get; set; }

    public PipelineCounters Counters => new(
        Interlocked.Read(ref _frames),
        Interlocked.Read(ref _predictions),
        Interlocked.Read(ref _queued),
        Interlocked.Read(ref _faultFrames),
        Interlocked.Read(ref _sources));

    /// <summary>Thread-safe: frames released from now on are flagged (and fed to the model) as faulty.</summary>
    public void ReportSensorFault(bool faulty) => _sensorFault = faulty;

    /// <summary>
    /// Runs each source to its end, one after another (a new LSTM state and odometry origin for
    /// each), until the sources are exhausted or <paramref name="cancellationToken"/> fires.
    /// Sources that are <see cref="IDisposable"/> are disposed when done.
    /// </summary>
    public void Run(IEnumerable<ISensorSource> sources, ReplaySpeed speed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        foreach (var source in sources)
        {
            try
            {
                RunSource(source, speed, cancellationToken);
            }
            finally
            {
                (source as IDisposable)?.Dispose();
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public void RunSource(ISensorSource source, ReplaySpeed speed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        Interlocked.Increment(ref _sources);
        _stopping = cancellationToken;
        var assembler = CreateAssembler(source);
        _predictor.Reset();
        foreach (var sensorEvent in PacedEvents.Pace(source.ReadEvents(cancellationToken), speed, cancellationToken))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            Feed(assembler, in sensorEvent);
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            Finish(assembler);
        }
    }

    /// <summary>A frame assembler at the model's rate expecting the source's streams.</summary>
    internal FrameAssembler CreateAssembler(ISensorSource source) =>
        new(new FrameAssemblerOptions { RateHz = _frameRateHz, ExpectedKinds = source.Kinds }, source.Geometry);

    /// <summary>The per-event body of the loop: add the event, predict every frame it completes.</summary>
    internal void Feed(FrameAssembler assembler, in SensorEvent sensorEvent)
    {
        var fault = _sensorFault;
        if (fault != _assemblerFault)
        {
            assembler.ReportSensorFault(fault);
            _assemblerFault = fault;
        }

        assembler.Add(in sensorEvent);
        while (assembler.TryNextFrame(out var frame))
        {
            Process(in frame);
        }
    }

    internal void Finish(FrameAssembler assembler)
    {
        assembler.Flush();
        while (assembler.TryNextFrame(out var frame))
        {
            Process(in frame);
        }
    }

    /// <summary>Predicts from one frame and queues the prediction in the odometry frame.</summary>
    internal void Process(in Frame frame)
    {
        var released = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _frames);
        if ((frame.Quality & FrameQuality.SensorFault) != 0)
        {
            Interlocked.Increment(ref _faultFrames);
        }

        _predictor.Step(in frame);
        var stepTicks = Stopwatch.GetTimestamp() - released;
        StepLatency.RecordTicks(stepTicks);
        Interlocked.Increment(ref _predictions);

        if (Lossless)
        {
            WaitForRoom();
        }

        if (!_publisher.TryGetSlot(_poses, out var slot))
        {
            return; // publisher disposed: shutting down
        }

        slot.Seq = _seq++;
        slot.TimeSeconds = frame.TimeSeconds;
        slot.X = frame.OdomX;
        slot.Y = frame.OdomY;
        slot.Yaw = frame.OdomYaw;
        slot.V = frame.V;
        slot.W = frame.W;
        slot.Dt = _stepSeconds;
        slot.ModelName = _modelName;
        slot.LatencyMicros = stepTicks * _microsPerTick;
        (slot.HasGroundTruth, slot.GtX, slot.GtY, slot.GtYaw) = (frame.HasGroundTruth, frame.GtX, frame.GtY, frame.GtYaw);
        PathPredictor.ToOdometryFrame(_predictor.BodyPath, frame.OdomX, frame.OdomY, frame.OdomYaw, slot.Path.AsSpan(0, _pathValues));
        slot.HasSpread = _predictor.Uncertainty is not null;
        _predictor.Uncertainty?.ToOdometryFrame(frame.OdomYaw, slot.Spread.AsSpan(0, 4 * slot.PathLength));

        // Frame-to-publish latency starts when the frame was released, so it includes the step.
        slot.EnqueuedTimestamp = released;
        _publisher.Commit(slot);
        Interlocked.Increment(ref _queued);
        Watchdog?.Progress();
    }

    private void WaitForRoom()
    {
        // A millisecond sleep, not a spin: on two cores the sender needs the CPU to drain the queue.
        while (_publisher.Counters.Queued >= _queueCapacity && !_stopping.IsCancellationRequested)
        {
            _stopping.WaitHandle.WaitOne(1);
        }
    }
}
