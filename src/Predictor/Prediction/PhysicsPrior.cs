using EdgeLstm.Predictor.Model;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// Physics paths in the body frame at the frame (x forward, y left, yaw relative), for k = 1..K at
/// t_k = k·Δt. Used as the baselines of evaluation and as the prior the network corrects.
/// Built once per model: the damped turn's exponential factors depend only on τ and Δt, so they
/// are computed here and a call per frame does arithmetic and the sines and cosines only.
/// </summary>
public sealed class PhysicsPrior
{
    // Sub-steps per prediction step when integrating the damped turn: the midpoint rule at 20 ms
    // is within a millimetre of the exact path at robot speeds.
    private const int DampedSubSteps = 5;

    private readonly PriorKind _kind;
    private readonly double _tau;
    private readonly double _stepSeconds;
    private readonly int _steps;
    private readonly double _speedScale;
    private readonly PriorYawSource _yawSource;

    // Damped turn, ψ(t) = r₀·τ·(1 − e^(−t/τ)): the factors (1 − e^(−t/τ)) at every sub-step's
    // midpoint and at every step's end.
    private readonly double[] _midpointDecay;
    private readonly double[] _stepEndDecay;

    public PhysicsPrior(PriorKind kind, double tau, double stepSeconds, int steps, double speedScale = 1.0, PriorYawSource yawSource = PriorYawSource.GyroWhenFresh)
    {
        _speedScale = speedScale;
        _yawSource = yawSource;
        _kind = kind;
        _tau = tau;
        _stepSeconds = stepSeconds;
        _steps = steps;
        _midpointDecay = new double[kind == PriorKind.DampedTurnRate ? steps * DampedSubSteps : 0];
        _stepEndDecay = new double[kind == PriorKind.DampedTurnRate ? steps : 0];
        if (kind == PriorKind.DampedTurnRate)
        {
            var h = stepSeconds / DampedSubSteps;
            var t = 0.0;
            for (var k = 0; k < steps; k++)
            {
                for (var s = 0; s < DampedSubSteps; s++)
                {
                    _midpointDecay[(k * DampedSubSteps) + s] = 1 - Math.Exp(-(t + (0.5 * h)) / tau);
                    t += h;
                }

                _stepEndDecay[k] = 1 - Math.Exp(-t / tau);
            }
        }
    }

    /// <summary>The prior a model was trained with.</summary>
    public static PhysicsPrior For(ModelConfig config) => new(config.Prior, config.PriorTau, config.StepSeconds, config.HorizonSteps, config.PriorSpeedScale, config.PriorYawSource);

    /// <summary>The yaw rate physics believes: the gyro when the IMU is fresh, else the odometry's (an IMU gap, or a robot with no IMU).</summary>
    public static double YawRate(in Frame frame) => (frame.Quality & (FrameQuality.ImuGap | FrameQuality.NoImu)) == 0 ? frame.Gz : frame.W;

    /// <summary>The yaw rate from the chosen source (a robot without an IMU turns with its odometry's).</summary>
    public static double YawRate(in Frame frame, PriorYawSource source) => source == PriorYawSource.Odometry ? frame.W : YawRate(in frame);

    /// <summary>Speed scale of the calibrated prior (1 for an uncalibrated one).</summary>
    public double SpeedScale => _speedScale;

    /// <summary>The prior's path from a frame: its speed and the yaw rate of this prior's source.</summary>
    public void Path(in Frame frame, Span<float> path) => Path(frame.V, YawRate(in frame, _yawSource), path);

    /// <summary>Writes K poses (x, y, yaw) into <paramref name="path"/> (length at least 3K).</summary>
    public void Path(double v, double yawRate, Span<float> path)
    {
        // v_calibrated = s·v (s = 1 unless calibrated on training recordings)
        v *= _speedScale;
        var steps = Math.Min(_steps, path.Length / ModelConfig.PoseDims);
        switch (_kind)
        {
            case PriorKind.None:
                path.Clear();
                break;
            case PriorKind.ConstantVelocity:
                // x = v·t, y = 0, ψ = 0
                for (var k = 0; k < steps; k++)
                {
                    Set(path, k, v * (k + 1) * _stepSeconds, 0, 0);
                }

                break;
            case PriorKind.ConstantTurnRate:
                ConstantTurn(v, yawRate, path, steps);
                break;
            default:
                DampedTurn(v, yawRate, path, steps);
                break;
        }
    }

    // ψ = r·t, x = (v/r)·sin(r·t), y = (v/r)·(1 − cos(r·t)); the straight line as r → 0. The sine and
    // cosine of ψ_k = k·r·Δt by the angle-addition recurrence from one SinCos of r·Δt (the residual
    // guard runs this path every frame; in double the recurrence is within 1e-14 of libm over 20 steps).
    private void ConstantTurn(double v, double yawRate, Span<float> path, int steps)
    {
        var (sinStep, cosStep) = Math.SinCos(yawRate * _stepSeconds);
        double sin = 0, cos = 1;
        for (var k = 0; k < steps; k++)
        {
            (sin, cos) = ((sin * cosStep) + (cos * sinStep), (cos * cosStep) - (sin * sinStep));
            var t = (k + 1) * _stepSeconds;
            var yaw = yawRate * t;
            if (Math.Abs(yawRate) < 1e-6)
            {
                Set(path, k, v * t, 0.5 * v * yawRate * t * t, yaw);
            }
            else
            {
                Set(path, k, v / yawRate * sin, v / yawRate * (1 - cos), yaw);
            }
        }
    }

    // r(t) = r₀·e^(−t/τ), ψ(t) = r₀·τ·(1 − e^(−t/τ)); position integrated with the midpoint heading.
    private void DampedTurn(double v, double yawRate, Span<float> path, int steps)
    {
        double x = 0, y = 0;
        var h = _stepSeconds / DampedSubSteps;
        for (var k = 0; k < steps; k++)
        {
            for (var s = 0; s < DampedSubSteps; s++)
            {
                var midYaw = yawRate * _tau * _midpointDecay[(k * DampedSubSteps) + s];
                x += v * Math.Cos(midYaw) * h;
                y += v * Math.Sin(midYaw) * h;
            }

            Set(path, k, x, y, yawRate * _tau * _stepEndDecay[k]);
        }
    }

    private static void Set(Span<float> path, int k, double x, double y, double yaw)
    {
        path[3 * k] = (float)x;
        path[(3 * k) + 1] = (float)y;
        path[(3 * k) + 2] = (float)yaw;
    }
}
