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

    public PathPredictor(ModelConfig config, ILstmStepper stepper)
    {
        _config = config;
        _stepper = stepper;
        _features = new FeatureExtractor(config.Features);
        _physics = PhysicsPrior.For(config);
        _prior = new float[config.OutputSize];
        BodyPath = new float[config.OutputSize];
    }

    public PathPredictor(LstmModel model)
        : this(model.Config, new FloatLstmStepper(model))
    {
    }

    public ModelConfig Config => _config;

    /// <summary>The last prediction: K poses (x, y, yaw) relative to the robot at the frame.</summary>
    public float[] BodyPath { get; }

    /// <summary>Predicts the path from <paramref name="frame"/> and updates the LSTM state.</summary>
    public void Step(in Frame frame)
    {
        var input = _stepper.Input;
        _features.Extract(in frame, input);
        _stepper.Step();
        _physics.Path(frame.V, PhysicsPrior.YawRate(in frame), _prior);

        // path = prior + s ⊙ y
        var output = _stepper.Output;
        var scale = _config.OutputScale;
        for (var j = 0; j < BodyPath.Length; j++)
        {
            BodyPath[j] = _prior[j] + (scale[j] * output[j]);
        }
    }

    public void Reset() => _stepper.Reset();

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
