using EdgeLstm.Predictor.Model;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// Widens the published position regions when the run shows them too narrow: per horizon step k a
/// scale s_k ≥ 1 multiplies the position spread, learned online by adaptive conformal inference
/// (Gibbs and Candès, 2021) against the realised odometry. When pose k of a frame matures (the
/// odometry has travelled k steps past it; the truth t is the realised odometry, scaled as in
/// <see cref="ResidualGuard"/>), it was either inside the 90 % ellipse it was published with or not:
/// <code>
///   miss = [ (p − t)ᵀ Σ⁻¹ (p − t) &gt; r²₉₀ ],   ln a_k ← clamp(ln a_k + γ·(miss − 0.1), ln ¼, ln 100),   s_k = max(1, a_k)
/// </code>
/// A miss widens fast (γ·0.9), a hit narrows slowly (γ·0.1), never below the spread the model file
/// states: the odometry is only a proxy for the truth (it does not see wheel slip, and it is smoother
/// than a localisation fix), so it may say the regions are too wide when they are not, and narrowing
/// on its word made the 90 % region hold 46 % instead of 80 % of true positions 0.5 s ahead on a
/// left-out real run. The evidence a_k may sink below 1 (to ¼) where s_k may not: with a_k held at 1,
/// every chance streak of misses on a run the regions fit widened them and nothing took it back, so on
/// the simulated validation run the 50 % region held 60 % at 1 s; with the credit, 54 %, while a run
/// that does need wider regions still gets them (crossval's left-out real runs, 90 % region: 93 %).
/// Σ is the spread as published, already scaled; r²₉₀ is its 90 % region's (<see cref="RegionShape"/>
/// at step k: 4.605 for a Gaussian). The yaw spread is not adapted.
/// Every buffer is allocated here; a step allocates nothing.
/// </summary>
public sealed class SpreadCalibrator
{
    // Room for a model on a robot it has never met: the simulation-trained default on the real F1/10
    // car needed tens of times its spread (with a cap of 8 its 90 % region held 22 % of the true
    // positions 1 s ahead on the fastest run, with 100 it holds 79 %). Back from 100 to 1 on hits
    // alone takes about 46 s.
    private const double MaxScale = 100;

    // a_k may sink to ¼ while the published factor stays at 1: hits bank credit against a later streak of misses.
    private const double MinEvidence = 0.25;

    // Per frame: the body path as published (3K: x, y, yaw of each pose), then σx, σy and ρ (K each).
    private const int Rows = 6;

    private readonly OdometryHistory _history;
    private readonly int _steps;
    private readonly double _rate;
    private readonly float[] _squared90;

    // e^(γ·0.9) and e^(−γ·0.1): the update in ln s as a product, so a matured pose costs no exponential.
    private readonly double _widen;
    private readonly double _narrow;

    // Ring slot by slot with the history's: 6K floats per frame, copied as they are. The divisions
    // wait until a pose is scored: a frame scores K/n of its poses, so taking the reciprocals of all
    // K when remembering (five vector calls a frame) and gathering x and y out of the path (a strided
    // loop) cost the int8 step at H=64 about 800 instructions under Native AOT, where four block
    // copies and a handful of divisions cost a few dozen.
    private readonly float[] _published;
    private readonly double[] _evidence;
    private readonly float[] _scale;
    private readonly long[] _scored;
    private readonly long[] _missed;

    /// <param name="history">The odometry the regions are scored against; its owner remembers each frame after <see cref="Remember"/>.</param>
    /// <param name="adaptationRate">γ, in ln units per scored pose.</param>
    /// <param name="shapes">The distribution each step's spread describes: where its 90 % region ends.</param>
    public SpreadCalibrator(OdometryHistory history, double adaptationRate, Func<int, RegionShape> shapes)
    {
        if (!(adaptationRate >= 0 && adaptationRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(adaptationRate), adaptationRate, "the spread's adaptation rate must be in [0, 1]");
        }

        _history = history;
        var horizonSteps = history.Steps;
        _steps = horizonSteps;
        _rate = adaptationRate;
        _squared90 = new float[horizonSteps];
        for (var k = 0; k < horizonSteps; k++)
        {
            _squared90[k] = (float)shapes(k).SquaredRadius(0.9);
        }

        _widen = Math.Exp(adaptationRate * 0.9);
        _narrow = Math.Exp(-adaptationRate * 0.1);
        _published = new float[history.Capacity * horizonSteps * Rows];
        _evidence = new double[horizonSteps];
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
        if (!OdometryHistory.HasOdometry(in frame))
        {
            return;
        }

        // Pose k of the frame k·n frames back matures now. Each pose is scored at one anchor in n (an
        // anchor every horizon step, 0.1 s, as eval scores): here the k with (frames + k) mod n = 0,
        // so every frame scores K/n poses, spread evenly, and every k is scored every n frames.
        // Adjacent frames' misses are nearly the same event; scoring all of them cost 25-30 % of the
        // int8 step at H=64 for little more information.
        var n = _history.FramesPerStep;
        for (var k = n - (int)(_history.Frames % n); k <= _steps; k += n)
        {
            if (_history.TryAnchor(k, out var slot))
            {
                Score(slot, k - 1, in frame);
            }
        }
    }

    /// <summary>Remembers this frame's published positions and spreads (body frame) until they mature.</summary>
    public void Remember(ReadOnlySpan<float> bodyPath, PoseUncertainty uncertainty)
    {
        var slot = _history.CurrentSlot;
        var row = _published.AsSpan(slot * _steps * Rows, _steps * Rows);
        bodyPath[..(3 * _steps)].CopyTo(row);
        uncertainty.SigmaX.CopyTo(row.Slice(3 * _steps, _steps));
        uncertainty.SigmaY.CopyTo(row.Slice(4 * _steps, _steps));
        uncertainty.Rho.CopyTo(row.Slice(5 * _steps, _steps));
    }

    /// <summary>Forgets all evidence: scales back to 1 (the owner resets the history).</summary>
    public void Reset()
    {
        _evidence.AsSpan().Fill(1);
        Array.Clear(_scored);
        Array.Clear(_missed);
        _scale.AsSpan().Fill(1f);
    }

    // t = s·R(−ψ_a)·(p_now − p_a); miss = d²(p − t) > r²₉₀; a_k ← clamp(a_k·e^(γ·(miss − 0.1)), ¼, 100); s_k = max(1, a_k)
    private void Score(int slot, int k, in Frame now)
    {
        var (tx, ty) = _history.Truth(slot, in now);

        // d² = (zx² − 2ρ·zx·zy + zy²) / (1 − ρ²), z = e / σ (RegionShape.SquaredDistance)
        var row = slot * _steps * Rows;
        var rho = _published[row + (5 * _steps) + k];
        var zx = (_published[row + (3 * k)] - tx) * (1f / _published[row + (3 * _steps) + k]);
        var zy = (_published[row + (3 * k) + 1] - ty) * (1f / _published[row + (4 * _steps) + k]);
        var squared = ((zx * zx) - (2 * rho * zx * zy) + (zy * zy)) * (1f / (1f - (rho * rho)));
        var miss = !(squared <= _squared90[k]);
        _scored[k]++;
        _missed[k] += miss ? 1 : 0;
        if (_rate > 0)
        {
            _evidence[k] = Math.Clamp(_evidence[k] * (miss ? _widen : _narrow), MinEvidence, MaxScale);
            _scale[k] = (float)Math.Max(1, _evidence[k]);
        }
    }
}
