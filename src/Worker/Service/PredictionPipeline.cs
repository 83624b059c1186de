using System.Diagnostics;
using EdgeLstm.Messaging.Diagnostics;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Frames;
using EdgeLstm.Worker.Hosting;

namespace EdgeLstm.Worker.Service;

/// <summary>
/// The real-time loop: sensor events → <see cref="FrameAssembler"/> → <see cref="PathPredictor"/> →
/// a finished prediction handed to the publisher's <see cref="PredictionRing"/>. Runs synchronously
/// on one thread and never waits for the network: the ring is bounded and drops its oldest
/// prediction when the broker cannot keep up (or, in its lossless mode for replays at maximum
/// speed, makes this loop wait). After the first frame it allocates nothing: the frame and the
/// finished prediction are structs, the predictor's buffers and the ring's slots are preallocated,
/// latencies go into fixed histograms.
/// </summary>
public sealed class PredictionPipeline
{
    private readonly PathPredictor _predictor;
    private readonly PredictionRing _ring;
    private readonly string _modelName;
    private readonly double[] _poseDegreesOfFreedom;
    private readonly double[] _yawDegreesOfFreedom;
    private readonly float[] _odometryPath;
    private readonly float[] _odometrySpread;
    private readonly double _stepSeconds;
    private readonly double _frameRateHz;
    private readonly double _microsPerTick = 1e6 / Stopwatch.Frequency;

    private long _seq;
    private long _frames;
    private long _predictions;
    private long _queued;
    private long _faultFrames;
    private long _sources;
    private long _timeJumps;
    private volatile bool _sensorFault;
    private bool _assemblerFault;
    private CancellationToken _stopping;

    public PredictionPipeline(PathPredictor predictor, PredictionRing ring, string modelName)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(ring);
        _predictor = predictor;
        _ring = ring;
        _modelName = modelName;
        var config = predictor.Config;
        _odometryPath = new float[config.OutputSize];
        _odometrySpread = new float[4 * config.HorizonSteps];
        _stepSeconds = config.StepSeconds;
        _frameRateHz = config.FrameRateHz;
        _poseDegreesOfFreedom = new double[config.HorizonSteps];
        _yawDegreesOfFreedom = new double[config.HorizonSteps];
        if (ring.MaxPoses < config.HorizonSteps)
        {
            throw new ArgumentException($"the ring's slots hold {ring.MaxPoses} poses but the model predicts {config.HorizonSteps}", nameof(ring));
        }
    }

    /// <summary>Predictor step time, from frame release to path ready (Stopwatch ticks, every frame).</summary>
    public LatencyHistogram StepLatency { get; } = new();

    /// <summary>The predictor the loop steps; its guard's gains are read for the status topic.</summary>
    public PathPredictor Predictor => _predictor;

    /// <summary>Told of every frame, so systemd's watchdog is fed only while the loop makes progress.</summary>
    public LoopWatchdog? Watchdog { get; set; }

    public PipelineCounters Counters => new(
        Interlocked.Read(ref _frames),
        Interlocked.Read(ref _predictions),
        Interlocked.Read(ref _queued),
        Interlocked.Read(ref _faultFrames),
        Interlocked.Read(ref _sources),
        Interlocked.Read(ref _timeJumps));

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

        if ((frame.Quality & FrameQuality.TimeJump) != 0)
        {
            Interlocked.Increment(ref _timeJumps);
            _predictor.Reset(); // the state before a jump in time says nothing about after it
        }

        _predictor.Step(in frame);
        var stepTicks = Stopwatch.GetTimestamp() - released;
        StepLatency.RecordTicks(stepTicks);
        Interlocked.Increment(ref _predictions);

        PathPredictor.ToOdometryFrame(_predictor.BodyPath, frame.OdomX, frame.OdomY, frame.OdomYaw, _odometryPath);
        var spread = _predictor.Uncertainty is not null ? _odometrySpread.AsSpan() : Span<float>.Empty;
        _predictor.Uncertainty?.ToOdometryFrame(frame.OdomYaw, spread);
        var (uniformDegreesOfFreedom, perPoseDegreesOfFreedom) = PublishedDegreesOfFreedom();
        var (uniformYawDegreesOfFreedom, perPoseYawDegreesOfFreedom) = PublishedYawDegreesOfFreedom();
        var prediction = new FinishedPrediction
        {
            Seq = _seq++,
            TimeSeconds = frame.TimeSeconds,
            X = frame.OdomX,
            Y = frame.OdomY,
            Yaw = frame.OdomYaw,
            V = frame.V,
            W = frame.W,
            Dt = _stepSeconds,
            ModelName = _modelName,
            SpreadDegreesOfFreedom = uniformDegreesOfFreedom,
            SpreadDegreesOfFreedomPerPose = perPoseDegreesOfFreedom,
            YawDegreesOfFreedom = uniformYawDegreesOfFreedom,
            YawDegreesOfFreedomPerPose = perPoseYawDegreesOfFreedom,
            LatencyMicros = stepTicks * _microsPerTick,
            HasGroundTruth = frame.HasGroundTruth,
            GtX = frame.GtX,
            GtY = frame.GtY,
            GtYaw = frame.GtYaw,
        };

        // False only when the ring is closed (shutting down) or a lossless wait was cancelled.
        if (_ring.Enqueue(in prediction, _odometryPath, spread, _stopping))
        {
            Interlocked.Increment(ref _queued);
        }

        Watchdog?.Progress();
    }

    // The regions' ν as they stand (the spread calibrator may have widened the 50 % regions of this run).
    private (double Uniform, ReadOnlyMemory<double> PerPose) PublishedDegreesOfFreedom() =>
        _predictor.SpreadCalibrator is { } calibrator
            ? ForPublishing(calibrator.DegreesOfFreedom, _poseDegreesOfFreedom)
            : (double.PositiveInfinity, ReadOnlyMemory<double>.Empty);

    // The heading intervals' ν as they stand (the calibrator moves it where the run's headings fill the 50 % interval more or less than half the time).
    private (double Uniform, ReadOnlyMemory<double> PerPose) PublishedYawDegreesOfFreedom() =>
        _predictor.SpreadCalibrator is { } calibrator
            ? ForPublishing(calibrator.YawDegreesOfFreedom, _yawDegreesOfFreedom)
            : (double.PositiveInfinity, ReadOnlyMemory<double>.Empty);

    // One number when ν is the same at every pose (+∞: Gaussian, not published), else one per pose in
    // buffer. ν is a float: 2.1f would publish as 2.0999999046325684, so it is rounded to three decimals.
    private static (double Uniform, ReadOnlyMemory<double> PerPose) ForPublishing(ReadOnlySpan<float> nu, double[] buffer)
    {
        var uniform = true;
        for (var k = 0; k < buffer.Length; k++)
        {
            buffer[k] = float.IsFinite(nu[k]) ? Math.Round(nu[k], 3) : double.PositiveInfinity;
            uniform &= buffer[k] == buffer[0];
        }

        return uniform ? (buffer[0], ReadOnlyMemory<double>.Empty) : (double.PositiveInfinity, buffer);
    }
}
