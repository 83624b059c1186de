using EdgeLstm.Predictor.Features;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// The per-frame predictor: features → LSTM step → head → prior + scaled residual. Streaming:
/// the LSTM state persists from call to call. Every buffer is allocated in the constructor.
/// </summary>
public sealed class PathPredictor
{
    private readonly ModelConfig _config;
    private readonly ILstmStepper _stepper;
    private readonly FeatureExtractor _features;
    private readonly PhysicsPrior _physics;
    private readonly float[] _prior;
    private readonly float[] _constantTurn;
    private readonly PhysicsPrior _constantTurnPhysics;
    private readonly float[] _residual;
    private readonly OdometryHistory _history;
    private readonly ResidualGuard _guard;
    private readonly PoseUncertainty? _uncertainty;
    private readonly SpreadCalibrator? _spreadCalibrator;

    public PathPredictor(ModelConfig config, ILstmStepper stepper, GuardSettings? guard = null)
    {
        _config = config;
        _stepper = stepper;
        _features = new FeatureExtractor(config.Features);
        _physics = PhysicsPrior.For(config);
        _prior = new float[config.OutputSize];
        _constantTurn = new float[config.OutputSize];

        // The guard's other physics: the yaw rate held (the gyro's while fresh), the prior's speed scale.
        _constantTurnPhysics = new PhysicsPrior(PriorKind.ConstantTurnRate, 1, config.StepSeconds, config.HorizonSteps, config.PriorSpeedScale);
        _residual = new float[config.OutputSize];
        _history = new OdometryHistory(config.HorizonSteps, config.StepSeconds, config.FrameRateHz, config.PriorSpeedScale);
        _guard = new ResidualGuard(_history, config.FrameRateHz, guard);
        _uncertainty = config.Uncertainty is { } model ? new PoseUncertainty(config, model) : null;
        _spreadCalibrator = config.Uncertainty is not { } regions ? null
            : new SpreadCalibrator(_history, (guard ?? new GuardSettings()).SpreadAdaptation, regions.ShapeAt, regions.YawShapeAt);
        BodyPath = new float[config.OutputSize];
        UnguardedBodyPath = new float[config.OutputSize];
    }

    public PathPredictor(LstmModel model, GuardSettings? guard = null)
        : this(model.Config, new FloatLstmStepper(model), guard)
    {
    }

    public ModelConfig Config => _config;

    /// <summary>The last prediction: K poses (x, y, yaw) relative to the robot at the frame (guarded).</summary>
    public float[] BodyPath { get; }

    /// <summary>The last prediction with the network's full residual, before the guard shrinks it.</summary>
    public float[] UnguardedBodyPath { get; }

    /// <summary>The spread of each pose of the last prediction; null when the model carries no uncertainty.</summary>
    public PoseUncertainty? Uncertainty => _uncertainty;

    /// <summary>The online widening of the position and yaw spreads; null when the model carries no uncertainty.</summary>
    public SpreadCalibrator? SpreadCalibrator => _spreadCalibrator;

    /// <summary>The last prediction of the physics prior alone.</summary>
    public ReadOnlySpan<float> PriorBodyPath => _prior;

    /// <summary>Per horizon step, the share of the residual the guard keeps, in [0, 1] (publish on the status topic).</summary>
    public ReadOnlySpan<float> GuardGains => _guard.Gains;

    /// <summary>Mean of <see cref="GuardGains"/>: 1 trusts the network fully, 0 is physics alone.</summary>
    public float MeanGuardGain => _guard.MeanGain;

    /// <summary>The guard itself, for its realised error figures.</summary>
    public ResidualGuard Guard => _guard;

    /// <summary>Predicts the path from <paramref name="frame"/> and updates the LSTM state.</summary>
    public void Step(in Frame frame)
    {
        var input = _stepper.Input;
        _features.Extract(in frame, input);
        _stepper.Step();
        _physics.Path(in frame, _prior);

        // residual = s ⊙ y; unguarded path = prior + residual; path = prior + g_k·residual
        var output = _stepper.Output;
        var scale = _config.OutputScale;
        for (var j = 0; j < BodyPath.Length; j++)
        {
            _residual[j] = scale[j] * output[j];
            UnguardedBodyPath[j] = _prior[j] + _residual[j];
        }

        if (_guard.Correction is not null)
        {
            _constantTurnPhysics.Path(in frame, _constantTurn);
        }

        _guard.Observe(in frame, _prior, _residual, _constantTurn);
        _guard.Apply(_prior, _residual, _constantTurn, BodyPath);
        if (_uncertainty is not null && _spreadCalibrator is not null)
        {
            _spreadCalibrator.Score(in frame);
            _uncertainty.Compute(in frame, BodyPath, _stepper as EnsembleStepper, scale, _guard.AppliedGains, _spreadCalibrator.Scales, _spreadCalibrator.YawScales);
            _spreadCalibrator.Remember(BodyPath, _uncertainty);
        }

        _history.Remember(in frame);
    }

    /// <summary>A new run: the LSTM state, the guard's evidence and the spread's online scales are forgotten.</summary>
    public void Reset()
    {
        _stepper.Reset();
        _history.Reset();
        _guard.Reset();
        _spreadCalibrator?.Reset();
        _uncertainty?.Reset();
    }

    /// <summary>
    /// Expresses a body-frame path in the odometry frame of the pose (x, y, ψ):
    /// p_odom = p + R(ψ)·p_body, ψ_odom = ψ + ψ_body.
    /// </summary>
    public static void ToOdometryFrame(ReadOnlySpan<float> bodyPath, double x, double y, double yaw, Span<float> odomPath)
    {
        var (sin, cos) = Math.SinCos(yaw);
        for (var j = 0; j + 2 < bodyPath.Length; j += 3)
        {
            var bx = bodyPath[j];
            var by = bodyPath[j + 1];
            odomPath[j] = (float)(x + (cos * bx) - (sin * by));
            odomPath[j + 1] = (float)(y + (sin * bx) + (cos * by));
            odomPath[j + 2] = (float)FrameAssembler.WrapAngle(yaw + bodyPath[j + 2]);
        }
    }
}
