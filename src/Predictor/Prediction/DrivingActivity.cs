using EdgeLstm.Predictor.Model;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// How unsteadily the robot has been driven lately: the standard deviations σ_v of the odometry speed
/// and σ_ω of the prior's yaw rate over an exponential window of T seconds,
/// <code>
///   α = 1 − e^(−Δt/T),   m ← m + α·(x − m),   q ← q + α·(x² − q),   σ = √max(0, q − m²)
/// </code>
/// A driver who has just been changing speed and steering goes on doing so, and a path predicted from
/// the present misses by more then than in a steady cruise at the same speed and turn rate; these are
/// the last two inputs of the spread (<see cref="UncertaintyModel"/>). Rate-independent (α follows
/// each frame's Δt, so 10 Hz and 100 Hz sources measure the same σ); allocation-free.
/// </summary>
public sealed class DrivingActivity
{
    private readonly double _window;
    private readonly PriorYawSource _yawSource;
    private bool _started;
    private long _lastNs;

    // α for the last Δt: a steady sensor rate repeats it, so the exponential is taken once.
    private long _alphaForNs = -1;
    private double _alpha;
    private double _meanSpeed;
    private double _squaredSpeed;
    private double _meanTurn;
    private double _squaredTurn;

    /// <param name="windowSeconds">T: the time constant of the window.</param>
    /// <param name="yawSource">Where the yaw rate comes from, as in the model's prior.</param>
    public DrivingActivity(double windowSeconds, PriorYawSource yawSource)
    {
        if (!(windowSeconds > 0 && double.IsFinite(windowSeconds)))
        {
            throw new ArgumentOutOfRangeException(nameof(windowSeconds), windowSeconds, "the activity window must be positive");
        }

        _window = windowSeconds;
        _yawSource = yawSource;
    }

    /// <summary>σ_v: the standard deviation of the speed over the window (m/s); 0 before the second frame.</summary>
    public float SpeedVariation => Deviation(_meanSpeed, _squaredSpeed);

    /// <summary>σ_ω: the standard deviation of the yaw rate over the window (rad/s).</summary>
    public float TurnVariation => Deviation(_meanTurn, _squaredTurn);

    public void Update(in Frame frame) => Update(frame.TimestampNs, frame.V, PhysicsPrior.YawRate(in frame, _yawSource));

    /// <summary>The frame's time, speed and the prior's yaw rate, for a caller that has the yaw rate already.</summary>
    public void Update(long timestampNs, double speed, double turn)
    {
        if (!_started)
        {
            (_meanSpeed, _squaredSpeed, _meanTurn, _squaredTurn) = (speed, speed * speed, turn, turn * turn);
            (_started, _lastNs) = (true, timestampNs);
            return;
        }

        // A clock step back or a long gap moves the window by at most one time constant.
        var elapsedNs = timestampNs - _lastNs;
        _lastNs = timestampNs;
        if (elapsedNs != _alphaForNs)
        {
            var dt = Math.Clamp(elapsedNs * 1e-9, 0, _window);
            (_alphaForNs, _alpha) = (elapsedNs, 1 - Math.Exp(-dt / _window));
        }

        var alpha = _alpha;
        _meanSpeed += alpha * (speed - _meanSpeed);
        _squaredSpeed += alpha * ((speed * speed) - _squaredSpeed);
        _meanTurn += alpha * (turn - _meanTurn);
        _squaredTurn += alpha * ((turn * turn) - _squaredTurn);
    }

    /// <summary>A new run: the window starts again at the next frame.</summary>
    public void Reset() => _started = false;

    private static float Deviation(double mean, double squared) => (float)Math.Sqrt(Math.Max(0, squared - (mean * mean)));
}
