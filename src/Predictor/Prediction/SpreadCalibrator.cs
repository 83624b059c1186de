using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// Widens the published position regions when the run shows them too narrow: per horizon step k a
/// scale s_k ≥ 1 multiplies the position spread, learned online by adaptive conformal inference
/// (Gibbs and Candès, 2021) against the realised odometry. When pose k of a frame matures (the
/// odometry has travelled k steps past it; the truth t is the realised odometry, scaled as in
/// <see cref="ResidualGuard"/>), it was either inside the 90 % ellipse it was published with or not:
/// <code>
///   miss = [ (p − t)ᵀ Σ⁻¹ (p − t) &gt; −2 ln 0.1 ],   ln s_k ← clamp(ln s_k + γ·(miss − 0.1), 0, ln 8)
/// </code>
/// A miss widens fast (γ·0.9), a hit narrows slowly (γ·0.1), never below the spread the model file
/// states: the odometry is only a proxy for the truth (it does not see wheel slip, and it is smoother
/// than a localisation fix), so it may say the regions are too wide when they are not, and narrowing
/// on its word made the 90 % region hold 46 % instead of 80 % of true positions 0.5 s ahead on a
/// left-out real run. Σ is the spread as published, already scaled. The yaw spread is not adapted.
/// Every buffer is allocated here; a step allocates nothing.
/// </summary>
public sealed class SpreadCalibrator
{
    private static readonly double MaxLogScale = Math.Log(8);

    private readonly int _steps;
    private readonly int _framesPerStep;
    private readonly int _capacity;
    private readonly double _speedScale;
    private readonly double _rate;

    // Ring of the last K·n + 1 frames: per step k the published (x, y, σx, σy, ρ), the odometry pose, a valid flag.
    private readonly float[] _published;
    private readonly double[] _poses;
    private readonly bool[] _valid;
    private readonly double[] _logScale;
    private readonly float[] _scale;
    private readonly long[] _scored;
    private readonly long[] _missed;
    private long _frames;

    public SpreadCalibrator(int horizonSteps, double stepSeconds, double frameRateHz, double speedScale, double adaptationRate)
    {
        if (!(adaptationRate >= 0 && adaptationRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(adaptationRate), adaptationRate, "the spread's adaptation rate must be in [0, 1]");
        }

        _steps = horizonSteps;
        _framesPerStep = Math.Max(1, (int)Math.Round(stepSeconds * frameRateHz));
        _capacity = (horizonSteps * _framesPerStep) + 1;
        _speedScale = speedScale;
        _rate = adaptationRate;
        _published = new float[_capacity * horizonSteps * 5];
        _poses = new double[_capacity * 3];
        _valid = new bool[_capacity];
        _logScale = new double[horizonSteps];
        _scale = new float[horizonSteps];
        _scored = new long[horizonSteps];
        _missed = new long[horizonSteps];
        Reset();
    }

    /// <summary>The factor (≥ 1) on the position spread of each horizon step: 1 before any evidence, or when adaptation is off.</summary>
    public ReadOnlySpan<float> Scales => _scale;

    /// <summary>Realised share of matured poses at step k outside their published 90 % region (odometry as truth) since the last reset; NaN before any.</summary>
    public double MissRate(int step) => _scored[step] > 0 ? (double)_missed[step] / _scored[step] : double.NaN;

    /// <summary>Scores every earlier frame whose pose this frame's odometry completes, and updates the scales.</summary>
    public void Score(in Frame frame)
    {
        if ((frame.Quality & FrameQuality.OdometryGap) != 0)
        {
            return;
        }

        for (var k = 1; k <= _steps; k++)
        {
            var anchor = _frames - (k * _framesPerStep);
            if (anchor >= 0)
            {
                Score(Slot(anchor), k - 1, in frame);
            }
        }
    }

    /// <summary>Remembers this frame's published positions and spreads (body frame) until they mature.</summary>
    public void Remember(in Frame frame, ReadOnlySpan<float> bodyPath, PoseUncertainty uncertainty)
    {
        var slot = Slot(_frames);
        var row = _published.AsSpan(slot * _steps * 5, _steps * 5);
        var sigmaX = uncertainty.SigmaX;
        var sigmaY = uncertainty.SigmaY;
        var rho = uncertainty.Rho;
        for (var k = 0; k < _steps; k++)
        {
            row[5 * k] = bodyPath[3 * k];
            row[(5 * k) + 1] = bodyPath[(3 * k) + 1];
            row[(5 * k) + 2] = sigmaX[k];
            row[(5 * k) + 3] = sigmaY[k];
            row[(5 * k) + 4] = rho[k];
        }

        _poses[3 * slot] = frame.OdomX;
        _poses[(3 * slot) + 1] = frame.OdomY;
        _poses[(3 * slot) + 2] = frame.OdomYaw;
        _valid[slot] = (frame.Quality & FrameQuality.OdometryGap) == 0;
        _frames++;
    }

    /// <summary>Forgets every frame and all evidence: scales back to 1.</summary>
    public void Reset()
    {
        Array.Clear(_valid);
        Array.Clear(_logScale);
        Array.Clear(_scored);
        Array.Clear(_missed);
        _scale.AsSpan().Fill(1f);
        _frames = 0;
    }

    private int Slot(long frame) => (int)(frame % _capacity);

    // t = s·R(−ψ_a)·(p_now − p_a); miss = d²(p − t) > r²₉₀; ln s_k += γ·(miss − 0.1), kept in [0, ln 8]
    private void Score(int slot, int k, in Frame now)
    {
        if (!_valid[slot])
        {
            return;
        }

        var (sin, cos) = Math.SinCos(_poses[(3 * slot) + 2]);
        var dx = now.OdomX - _poses[3 * slot];
        var dy = now.OdomY - _poses[(3 * slot) + 1];
        var tx = _speedScale * ((cos * dx) + (sin * dy));
        var ty = _speedScale * ((-sin * dx) + (cos * dy));
        var j = (slot * _steps * 5) + (5 * k);
        var squared = GaussianRegion.SquaredDistance(_published[j] - tx, _published[j + 1] - ty, _published[j + 2], _published[j + 3], _published[j + 4]);
        var miss = !(squared <= GaussianRegion.Squared90);
        _scored[k]++;
        _missed[k] += miss ? 1 : 0;
        if (_rate > 0)
        {
            _logScale[k] = Math.Clamp(_logScale[k] + (_rate * ((miss ? 1 : 0) - 0.1)), 0, MaxLogScale);
            _scale[k] = (float)Math.Exp(_logScale[k]);
        }
    }
}
