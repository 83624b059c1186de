using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// The spread of every predicted pose, from the model's <see cref="UncertaintyModel"/>: per step k an
/// along-track and a cross-track σ at the chord angle α_k = ψ_k / 2 (the direction from the robot to
/// a pose on a circular arc), a yaw σ, and the same as a body-frame covariance (σx, σy, ρ). Computed
/// after each predictor step from the frame's speed and turn rate, how much both have varied lately
/// (<see cref="DrivingActivity"/>), and the ensemble members' spread.
/// Every buffer is allocated here; a step allocates nothing (vectorised logs and exponentials).
/// </summary>
public sealed class PoseUncertainty
{
    private readonly UncertaintyModel _model;
    private readonly int _steps;
    private readonly PriorYawSource _yawSource;
    private readonly bool _usesSpread;
    private readonly float[] _radius90;
    private readonly float[] _publishedScale;

    // Axis-major (3, K): ln σ = intercept + θv·ln(|v| + v₀) + θω·ln(|ω| + ω₀) + θs·ln(s + s₀) + θσv·ln(σ_v + a₀) + θσω·ln(σ_ω + b₀).
    private readonly float[] _intercept;
    private readonly float[] _interceptWithoutSpread;
    private readonly float[] _speedSlope;
    private readonly float[] _turnSlope;
    private readonly float[] _spreadSlope;
    private readonly float[] _speedActivitySlope;
    private readonly float[] _turnActivitySlope;
    private readonly DrivingActivity _activity;
    private readonly float[] _spreadFloor;
    private readonly float[] _logSpread;
    private readonly float[] _sigma;
    private readonly float[] _halfYaw;
    private readonly float[] _sin;
    private readonly float[] _cos;
    private readonly float[] _sigmaX;
    private readonly float[] _sigmaY;
    private readonly float[] _rho;
    private float _logSpeedVariation;
    private float _logTurnVariation;

    public PoseUncertainty(ModelConfig config, UncertaintyModel model)
    {
        model.Validate(config.HorizonSteps);
        _model = model;
        _steps = config.HorizonSteps;
        _yawSource = config.PriorYawSource;
        _radius90 = new float[_steps];
        _publishedScale = new float[_steps];
        for (var k = 0; k < _steps; k++)
        {
            _radius90[k] = (float)Math.Sqrt(model.ShapeAt(k).SquaredRadius(0.9));
            _publishedScale[k] = _radius90[k] / (float)Math.Sqrt(RegionShape.Gaussian.SquaredRadius(0.9));
        }

        var n = UncertaintyModel.Axes * _steps;
        _intercept = new float[n];
        _speedSlope = new float[n];
        _turnSlope = new float[n];
        _spreadSlope = new float[n];
        _speedActivitySlope = new float[n];
        _turnActivitySlope = new float[n];
        _activity = new DrivingActivity(model.ActivityWindowSeconds, config.PriorYawSource);
        _spreadFloor = new float[n];
        for (var a = 0; a < UncertaintyModel.Axes; a++)
        {
            for (var k = 0; k < _steps; k++)
            {
                var i = (a * _steps) + k;
                var scale = model.CalibrationScale[(2 * k) + (a == UncertaintyModel.Yaw ? 1 : 0)];
                _intercept[i] = model.Coefficients[UncertaintyModel.Coefficient(k, a, 0)] + MathF.Log(scale);
                _speedSlope[i] = model.Coefficients[UncertaintyModel.Coefficient(k, a, 1)];
                _turnSlope[i] = model.Coefficients[UncertaintyModel.Coefficient(k, a, 2)];
                _spreadSlope[i] = model.Coefficients[UncertaintyModel.Coefficient(k, a, 3)];
                _speedActivitySlope[i] = model.Coefficients[UncertaintyModel.Coefficient(k, a, 4)];
                _turnActivitySlope[i] = model.Coefficients[UncertaintyModel.Coefficient(k, a, 5)];
                _spreadFloor[i] = a == UncertaintyModel.Yaw ? model.YawSpreadFloor : model.PositionSpreadFloor;
            }
        }

        _usesSpread = _spreadSlope.Any(s => s != 0);
        _interceptWithoutSpread = new float[n];
        for (var i = 0; i < n; i++)
        {
            _interceptWithoutSpread[i] = _intercept[i] + (_spreadSlope[i] * MathF.Log(_spreadFloor[i]));
        }

        _logSpread = new float[n];
        _sigma = new float[n];
        _halfYaw = new float[_steps];
        _sin = new float[_steps];
        _cos = new float[_steps];
        _sigmaX = new float[_steps];
        _sigmaY = new float[_steps];
        _rho = new float[_steps];
    }

    public UncertaintyModel Model => _model;

    /// <summary>ln(σ_v + a₀): the speed's recent variation, an input of the spread, as of the last <see cref="Compute"/>.</summary>
    public float LogSpeedVariation => _logSpeedVariation;

    /// <summary>ln(σ_ω + b₀): the yaw rate's recent variation.</summary>
    public float LogTurnVariation => _logTurnVariation;

    /// <summary>A new run: the driving activity is forgotten.</summary>
    public void Reset() => _activity.Reset();

    /// <summary>σ along the chord to pose k (m).</summary>
    public ReadOnlySpan<float> Along => _sigma.AsSpan(0, _steps);

    /// <summary>σ across the chord to pose k (m).</summary>
    public ReadOnlySpan<float> Cross => _sigma.AsSpan(_steps, _steps);

    /// <summary>σ of the yaw of pose k (rad).</summary>
    public ReadOnlySpan<float> Yaw => _sigma.AsSpan(2 * _steps, _steps);

    /// <summary>The chord angle α_k of pose k in the body frame (rad).</summary>
    public ReadOnlySpan<float> ChordAngle => _halfYaw;

    /// <summary>σx of pose k in the body frame (m).</summary>
    public ReadOnlySpan<float> SigmaX => _sigmaX;

    /// <summary>σy of pose k in the body frame (m).</summary>
    public ReadOnlySpan<float> SigmaY => _sigmaY;

    /// <summary>Correlation of the x and y errors of pose k in the body frame.</summary>
    public ReadOnlySpan<float> Rho => _rho;

    /// <summary>Semi-major axis (m) of pose k's 90 % ellipse: r₉₀(ν_k)·max(σ_along, σ_cross), r₉₀ = √(−2 ln 0.1) for Gaussian regions.</summary>
    public float Radius90(int step) => _radius90[step] * Math.Max(_sigma[step], _sigma[_steps + step]);

    /// <summary>
    /// The spreads for the path just predicted. <paramref name="members"/> (may be null) gives each
    /// member's head output; the members' residuals are scaled as the predictor's and shrunk by the
    /// guard's <paramref name="gains"/> as the published residual is. <paramref name="positionScale"/>
    /// (K factors, or empty for none) multiplies the along- and cross-track σ of each step,
    /// <paramref name="yawScale"/> (the same) its yaw σ.
    /// </summary>
    public void Compute(in Frame frame, ReadOnlySpan<float> bodyPath, EnsembleStepper? members, ReadOnlySpan<float> outputScale, ReadOnlySpan<float> gains, ReadOnlySpan<float> positionScale = default, ReadOnlySpan<float> yawScale = default)
    {
        // α_k = ψ_k / 2: on an arc the chord to the pose is at half the heading change.
        for (var k = 0; k < _steps; k++)
        {
            _halfYaw[k] = 0.5f * bodyPath[(3 * k) + 2];
        }

        VectorSinCos.SinCos(_halfYaw, _sin, _cos);
        var spreadVaries = _usesSpread && members is { Count: > 1 };
        if (spreadVaries)
        {
            MemberSpread(members, outputScale, gains);
            TensorPrimitives.Add(_logSpread, _spreadFloor, _logSpread);
            TensorPrimitives.Log(_logSpread, _logSpread);
        }

        // One network has no member spread: θs·ln(0 + s₀) is a constant, folded in at construction.
        var logSpeed = MathF.Log(MathF.Abs((float)frame.V) + _model.SpeedFloor);
        var turnRate = PhysicsPrior.YawRate(in frame, _yawSource);
        var logTurn = MathF.Log(MathF.Abs((float)turnRate) + _model.TurnFloor);
        _activity.Update(frame.TimestampNs, frame.V, turnRate);
        _logSpeedVariation = MathF.Log(_activity.SpeedVariation + _model.SpeedActivityFloor);
        _logTurnVariation = MathF.Log(_activity.TurnVariation + _model.TurnActivityFloor);
        LogSigma(spreadVaries ? _intercept : _interceptWithoutSpread, logSpeed, logTurn, spreadVaries);

        TensorPrimitives.Exp(_sigma, _sigma);
        var along = _sigma.AsSpan(0, _steps);
        var across = _sigma.AsSpan(_steps, _steps);
        if (positionScale.Length == _steps)
        {
            Scale(along, positionScale);
            Scale(across, positionScale);
        }

        if (yawScale.Length == _steps)
        {
            Scale(_sigma.AsSpan(2 * _steps, _steps), yawScale);
        }

        SpreadRotation.Rotate(along, across, _sin, _cos, _sigmaX, _sigmaY, _rho);
    }

    /// <summary>
    /// Pose k's spread as published, in a frame rotated by <paramref name="yaw"/> from the body (the
    /// odometry frame at the robot's yaw), written as (σx, σy, ρ, σ_yaw) into <paramref name="destination"/>
    /// (4K). The position σ are those of the Gaussian with the same 90 % ellipse: the scale times
    /// r₉₀(ν_k) / r₉₀(∞) (1 for Gaussian regions), so a subscriber that reads them as a Gaussian's, as
    /// before Student-t regions, still draws the right 90 % region; one that knows ν_k (the payload's
    /// spread_dof) gets every other level too.
    /// </summary>
    public void ToOdometryFrame(double yaw, Span<float> destination)
    {
        for (var k = 0; k < _steps; k++)
        {
            var (sin, cos) = MathF.SinCos(_halfYaw[k] + (float)yaw);
            var (sx, sy, rho) = SpreadRotation.Rotate(_publishedScale[k] * _sigma[k], _publishedScale[k] * _sigma[_steps + k], sin, cos);
            destination[4 * k] = sx;
            destination[(4 * k) + 1] = sy;
            destination[(4 * k) + 2] = rho;
            destination[(4 * k) + 3] = _sigma[(2 * _steps) + k];
        }
    }

    // ln σ_i = b_i + θv_i·ln(|v| + v₀) + θω_i·ln(|ω| + ω₀) + θσv_i·ln(σ_v + a₀) + θσω_i·ln(σ_ω + b₀) [+ θs_i·ln(s_i + s₀)]
    // over the 3K lanes in one pass: with five TensorPrimitives calls instead, edge-lstm bench's "int8 path+unc"
    // row at H=64 was 3,392 ns (p50) against 3,136 ns, the calls costing more than their arithmetic.
    private void LogSigma(float[] intercept, float logSpeed, float logTurn, bool spreadVaries)
    {
        var n = _sigma.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            var speed = new Vector<float>(logSpeed);
            var turn = new Vector<float>(logTurn);
            var speedVariation = new Vector<float>(_logSpeedVariation);
            var turnVariation = new Vector<float>(_logTurnVariation);
            for (; i <= n - width; i += width)
            {
                var sum = new Vector<float>(intercept, i)
                    + (new Vector<float>(_speedSlope, i) * speed)
                    + (new Vector<float>(_turnSlope, i) * turn)
                    + (new Vector<float>(_speedActivitySlope, i) * speedVariation)
                    + (new Vector<float>(_turnActivitySlope, i) * turnVariation);
                if (spreadVaries)
                {
                    sum += new Vector<float>(_spreadSlope, i) * new Vector<float>(_logSpread, i);
                }

                sum.CopyTo(_sigma, i);
            }
        }

        for (; i < n; i++)
        {
            _sigma[i] = intercept[i] + (_speedSlope[i] * logSpeed) + (_turnSlope[i] * logTurn)
                + (_speedActivitySlope[i] * _logSpeedVariation) + (_turnActivitySlope[i] * _logTurnVariation)
                + (spreadVaries ? _spreadSlope[i] * _logSpread[i] : 0f);
        }
    }

    // v_k ← v_k·f_k, in vectors: three TensorPrimitives.Multiply calls instead counted 141 more instructions a step (Native AOT, H=64).
    private static void Scale(Span<float> values, ReadOnlySpan<float> factors)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref var v = ref MemoryMarshal.GetReference(values);
            ref var f = ref MemoryMarshal.GetReference(factors);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                (Vector.LoadUnsafe(ref v, (nuint)i) * Vector.LoadUnsafe(ref f, (nuint)i)).StoreUnsafe(ref v, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            values[i] *= factors[i];
        }
    }

    // s_{k,d}² = (1/M)·Σ_m (g_k·u_d·(r_m − r̄))², r = scale ⊙ y, u_d the along or cross axis (yaw: itself).
    private void MemberSpread(EnsembleStepper? members, ReadOnlySpan<float> outputScale, ReadOnlySpan<float> gains)
    {
        Array.Clear(_logSpread);
        if (members is null || members.Count < 2)
        {
            return;
        }

        var mean = members.Output;
        var count = members.Count;
        for (var m = 0; m < count; m++)
        {
            var y = members.MemberOutput(m);
            for (var k = 0; k < _steps; k++)
            {
                var j = 3 * k;
                var dx = outputScale[j] * (y[j] - mean[j]);
                var dy = outputScale[j + 1] * (y[j + 1] - mean[j + 1]);
                var dyaw = outputScale[j + 2] * (y[j + 2] - mean[j + 2]);
                var along = (dx * _cos[k]) + (dy * _sin[k]);
                var across = (dy * _cos[k]) - (dx * _sin[k]);
                _logSpread[k] += along * along;
                _logSpread[_steps + k] += across * across;
                _logSpread[(2 * _steps) + k] += dyaw * dyaw;
            }
        }

        for (var a = 0; a < UncertaintyModel.Axes; a++)
        {
            for (var k = 0; k < _steps; k++)
            {
                var i = (a * _steps) + k;
                _logSpread[i] = gains[k] * MathF.Sqrt(_logSpread[i] / count);
            }
        }
    }
}
