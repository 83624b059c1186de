using EdgeLstm.Predictor.Model;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// Widens the published position regions and yaw spreads when the run shows them too narrow: per
/// horizon step k a scale s_k ≥ 1 multiplies the position spread (and another the yaw σ), learned
/// online by adaptive conformal inference (Gibbs and Candès, 2021) against the realised odometry.
/// When pose k of a frame matures (the odometry has travelled k steps past it; the truth t is the
/// realised odometry, scaled as in <see cref="ResidualGuard"/>), it was either inside the 90 %
/// ellipse it was published with or not:
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
/// at step k: 4.605 for a Gaussian). The yaw σ (the Gaussian-equivalent one: its 90 % interval is ±1.645σ_ψ whatever the interval's
/// ν, <see cref="YawShape"/>) is widened by the same rule on its own
/// evidence: miss = [ (ψ − ψ_t)² &gt; 1.645²·σ_ψ² ], ψ_t the odometry's heading change since the frame
/// (the gyro's, while the IMU is fresh). Without it the yaw σ of the default recipe's models held
/// 61 % of the true headings 2 s ahead in its 90 % interval on the fastest left-out real run.
/// The 50 % region is widened on its own evidence, inside the 90 % one: where the model file says the
/// errors are heavy-tailed (Student-t, ν per step), its 50 % region is small against its 90 % one, and
/// a run whose errors are spread more evenly (a faster run than those the model was trained on) misses
/// it far more than half the time while the 90 % region holds. With c = r²₅₀ / r²₉₀ of the step's shape
/// (<see cref="RegionShape.CoreRatio"/>), by the same rule at level ½ and half the rate:
/// <code>
///   miss₅₀ = [ (p − t)ᵀ Σ⁻¹ (p − t) &gt; c_k·r²₉₀ ],   ln b_k ← clamp(ln b_k + ½γ·(miss₅₀ − ½), ln ¼c₀, ln c_G),   c_k = max(c₀, b_k)
/// </code>
/// with c₀ the file's ratio and c_G = ln 2 / ln 10 the Gaussian's, the largest a Student-t has. The
/// 90 % ellipse stays as it is; the shape's ν_k rises to the one with ratio c_k (<see cref="ShapeAt"/>),
/// and the published "spread_dof" with it. On the left-out real run that is faster than the two it
/// was trained on, the 50 % region held 26 % of the true positions 2 s ahead; with this rule 42 %
/// (README, "How far to trust each pose"). It never narrows, for the reason the 90 % one does not. Half
/// the rate: misses come in streaks (a turn), and at the full rate the widening during streaks, which
/// publishing max(c₀, b) keeps, took the bundled default model's 50 % region on held-out simulated runs
/// from 56 % to 59 % at 2 s, where the regions had been right.
/// The heading's 50 % interval is moved the same way inside its 90 % one, but both ways: with
/// c = (t₅₀ / t₉₀)² of the step's <see cref="YawShape"/> (<see cref="YawShape.CoreRatio"/>),
/// <code>
///   miss₅₀ = [ (ψ − ψ_t)² &gt; c_k·1.645²·σ_ψ² ],   ln c_k ← clamp(ln c_k + ½γ·(miss₅₀ − ½), ln c_min, ln c_max)
/// </code>
/// c_min the ratio of ν just above 1, c_max that of ν = 5 (not the Gaussian's: see
/// <see cref="MaxYawDegreesOfFreedom"/>); ν_k is the shape with ratio c_k (<see cref="YawShapeAt"/>,
/// "yaw_dof"), the file's until the first pose at step k matures. Heading errors are heavier-tailed
/// than the positions' (nil on a straight, large where a turn begins), and a model file's ν, fitted on
/// its training runs, often says Gaussian at a step where a new run's 50 % interval then holds two
/// thirds: with the rule, on crossval's left-out real runs the heading 50 % intervals went from
/// 60.8 / 59.6 / 55.5 % to 53.5 / 51.0 / 54.0 % at 0.5 / 1 / 2 s (mean over folds; six cells of nine
/// within 42–58 %, two before), the heading NLL lower in eight cells of nine and the 90 % intervals
/// unchanged. The heading truth is the gyro's while the IMU is fresh, which wheel slip does not touch,
/// so its evidence is trusted to narrow as well as widen.
/// In every rule a pose near the boundary is neither a hit nor a miss but between: with r² the
/// region's (or interval's) squared radius, m = clamp((d²/r² − 1)/w + ½, 0, 1), w = 0.2, and the
/// evidence moves by the blend of its two factors, (1 − m)·e^(−γ·0.1) + m·e^(γ·0.9) for the 90 % region
/// (the same blend in the other three rules).
/// With all-or-nothing misses, two predictors whose paths differ by millimetres (the float and the int8
/// model) scored a few poses at the boundary differently, and the evidence, a random walk, kept each
/// difference for good: on crossval's seed 2 the int8 fold model's 50 % region held 44.1 % of ds1's
/// true positions 1 s ahead against the float one's 47.9 %. With m continuous in the pose, and smaller
/// where the region has grown, two runs' evidence is drawn together instead (44.8 against 46.0 %).
/// The miss rates the calibrator reports still count a pose as a miss only outside r².
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

    // Per frame: the body path as published (3K: x, y, yaw of each pose), then σx, σy, ρ and σ_ψ (K each).
    private const int Rows = 7;

    // The heading intervals' ν once the run has spoken: the 50 % evidence says how the centre is
    // spread, nothing of the far tail, and a Gaussian charges a heading error ten σ_ψ out 51 nats where
    // a t₅ with the same 90 % interval charges 11. The default model on the real F1/10 runs, yaw NLL
    // 1 s ahead: 38, 8.6 and 28 nats (ds1–ds3) with the rule free to reach Gaussian, 9.0, 2.9 and 0.7
    // with ν ≤ 10, 8.6, 2.9 and 0.6 with ν ≤ 5 (74.6, 9.9 and 29.8 without the rule). On a run whose
    // heading errors are Gaussian the t₅ 50 % interval holds 44.7 %.
    private const double MaxYawDegreesOfFreedom = 5;

    // The width w of the band of d²/r² across which a matured pose goes from a hit to a miss (0.9 to 1.1).
    private const double BoundaryWidth = 0.2;

    // z²₉₀ of a 1-D Gaussian: 1.6449².
    private const float YawSquared90 = 2.7055f;

    private readonly OdometryHistory _history;
    private readonly int _steps;
    private readonly double _rate;
    private readonly float[] _squared90;

    // Per step: the file's core ratio c₀ = r²₅₀ / r²₉₀, the evidence b, the ratio in use, its shape's ν.
    private readonly double[] _fileCore;
    private readonly double[] _coreEvidence;
    private readonly double[] _core;
    private readonly float[] _degreesOfFreedom;
    private readonly float[] _fileDegreesOfFreedom;
    private readonly long[] _coreMissed;

    // Per step, the heading's 50 % interval inside its 90 % one: the file's ratio (t₅₀/t₉₀)², the evidence, its shape's ν.
    private readonly double[] _fileYawCore;
    private readonly double[] _yawCore;
    private readonly float[] _yawDegreesOfFreedom;
    private readonly float[] _fileYawDegreesOfFreedom;
    private readonly long[] _yawCoreMissed;

    // The clamp of the heading's ratio: ν just above 1 and ν = 5 (read once; the table is behind a Lazy).
    private readonly double _smallestYawCore;
    private readonly double _largestYawCore;

    // e^(γ/4) and e^(−γ/4): the 50 % rule's steps, ½γ·(1 − ½) and ½γ·½.
    private readonly double _widenCore;
    private readonly double _narrowCore;

    // e^(γ·0.9) and e^(−γ·0.1): the update in ln s as a product, so a matured pose costs no exponential.
    private readonly double _widen;
    private readonly double _narrow;

    // Ring slot by slot with the history's: 7K floats per frame, copied as they are. The divisions
    // wait until a pose is scored: a frame scores K/n of its poses, so taking the reciprocals of all
    // K when remembering (five vector calls a frame) and gathering x and y out of the path (a strided
    // loop) cost the int8 step at H=64 about 800 instructions under Native AOT, where block copies
    // and a handful of divisions cost a few dozen.
    private readonly float[] _published;
    private readonly double[] _evidence;
    private readonly float[] _scale;
    private readonly long[] _scored;
    private readonly long[] _missed;
    private readonly double[] _yawEvidence;
    private readonly float[] _yawScale;
    private readonly long[] _yawMissed;

    /// <param name="history">The odometry the regions are scored against; its owner remembers each frame after <see cref="Remember"/>.</param>
    /// <param name="adaptationRate">γ, in ln units per scored pose.</param>
    /// <param name="shapes">The distribution each step's spread describes: where its 90 % region ends.</param>
    /// <param name="yawShapes">The distribution each step's heading σ describes: where its 50 % interval ends inside the 90 % one.</param>
    public SpreadCalibrator(OdometryHistory history, double adaptationRate, Func<int, RegionShape> shapes, Func<int, YawShape> yawShapes)
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
        _fileCore = new double[horizonSteps];
        _coreEvidence = new double[horizonSteps];
        _core = new double[horizonSteps];
        _degreesOfFreedom = new float[horizonSteps];
        _fileDegreesOfFreedom = new float[horizonSteps];
        _coreMissed = new long[horizonSteps];
        _fileYawCore = new double[horizonSteps];
        _yawCore = new double[horizonSteps];
        _yawDegreesOfFreedom = new float[horizonSteps];
        _fileYawDegreesOfFreedom = new float[horizonSteps];
        _yawCoreMissed = new long[horizonSteps];
        for (var k = 0; k < horizonSteps; k++)
        {
            var shape = shapes(k);
            _squared90[k] = (float)shape.SquaredRadius(0.9);
            _fileCore[k] = shape.CoreRatio;
            _fileDegreesOfFreedom[k] = (float)shape.DegreesOfFreedom;
            var yawShape = yawShapes(k);
            _fileYawCore[k] = yawShape.CoreRatio;
            _fileYawDegreesOfFreedom[k] = (float)yawShape.DegreesOfFreedom;
        }

        _smallestYawCore = YawShape.SmallestCoreRatio;
        _largestYawCore = new YawShape(MaxYawDegreesOfFreedom).CoreRatio;

        _widen = Math.Exp(adaptationRate * 0.9);
        _narrow = Math.Exp(-adaptationRate * 0.1);
        _widenCore = Math.Exp(adaptationRate * 0.25);
        _narrowCore = Math.Exp(-adaptationRate * 0.25);
        _published = new float[history.Capacity * horizonSteps * Rows];
        _evidence = new double[horizonSteps];
        _scale = new float[horizonSteps];
        _scored = new long[horizonSteps];
        _missed = new long[horizonSteps];
        _yawEvidence = new double[horizonSteps];
        _yawScale = new float[horizonSteps];
        _yawMissed = new long[horizonSteps];
        Reset();
    }

    /// <summary>The factor (≥ 1) on the position spread of each horizon step: 1 before any evidence, or when adaptation is off.</summary>
    public ReadOnlySpan<float> Scales => _scale;

    /// <summary>Realised share of matured poses at step k outside their published 90 % region (odometry as truth) since the last reset; NaN before any.</summary>
    public double MissRate(int step) => _scored[step] > 0 ? (double)_missed[step] / _scored[step] : double.NaN;

    /// <summary>The factor (≥ 1) on the yaw σ of each horizon step.</summary>
    public ReadOnlySpan<float> YawScales => _yawScale;

    /// <summary>Realised share of matured poses at step k whose heading fell outside the published 90 % yaw interval (odometry as truth); NaN before any.</summary>
    public double YawMissRate(int step) => _scored[step] > 0 ? (double)_yawMissed[step] / _scored[step] : double.NaN;

    /// <summary>ν of each step's position regions as they stand (+∞: Gaussian): the file's, or higher where the run widened the 50 % region.</summary>
    public ReadOnlySpan<float> DegreesOfFreedom => _degreesOfFreedom;

    /// <summary>The shape of step k's position regions as they stand (<see cref="DegreesOfFreedom"/>); the 90 % ellipse is the file's shape's.</summary>
    public RegionShape ShapeAt(int step) => float.IsPositiveInfinity(_degreesOfFreedom[step]) ? RegionShape.Gaussian : new RegionShape(_degreesOfFreedom[step]);

    /// <summary>ν of each step's heading intervals as they stand (+∞: Gaussian): the file's, moved where the run's headings fill the 50 % interval more or less than half the time.</summary>
    public ReadOnlySpan<float> YawDegreesOfFreedom => _yawDegreesOfFreedom;

    /// <summary>The shape of step k's heading intervals as they stand (<see cref="YawDegreesOfFreedom"/>); the 90 % interval is the published σ's.</summary>
    public YawShape YawShapeAt(int step) => float.IsPositiveInfinity(_yawDegreesOfFreedom[step]) ? YawShape.Gaussian : new YawShape(_yawDegreesOfFreedom[step]);

    /// <summary>Realised share of matured poses at step k whose heading fell outside the published 50 % interval (odometry as truth); NaN before any.</summary>
    public double YawCoreMissRate(int step) => _scored[step] > 0 ? (double)_yawCoreMissed[step] / _scored[step] : double.NaN;

    /// <summary>Realised share of matured poses at step k outside their published 50 % region (odometry as truth); NaN before any.</summary>
    public double CoreMissRate(int step) => _scored[step] > 0 ? (double)_coreMissed[step] / _scored[step] : double.NaN;

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
        uncertainty.Yaw.CopyTo(row.Slice(6 * _steps, _steps));
    }

    /// <summary>Forgets all evidence: scales back to 1 (the owner resets the history).</summary>
    public void Reset()
    {
        _evidence.AsSpan().Fill(1);
        Array.Clear(_scored);
        Array.Clear(_missed);
        _scale.AsSpan().Fill(1f);
        _yawEvidence.AsSpan().Fill(1);
        Array.Clear(_yawMissed);
        _yawScale.AsSpan().Fill(1f);
        _fileCore.CopyTo(_coreEvidence, 0);
        _fileCore.CopyTo(_core, 0);
        Array.Clear(_coreMissed);
        _fileDegreesOfFreedom.CopyTo(_degreesOfFreedom, 0);
        _fileYawCore.CopyTo(_yawCore, 0);
        Array.Clear(_yawCoreMissed);
        _fileYawDegreesOfFreedom.CopyTo(_yawDegreesOfFreedom, 0);
    }

    // t = s·R(−ψ_a)·(p_now − p_a); m = Miss(d²(p − t), r²₉₀) in [0, 1]; a_k ← clamp(a_k·Blend(m), ¼, 100); s_k = max(1, a_k);
    // the same for the yaw with ψ_t = ψ_now − ψ_a and m = Miss((ψ − ψ_t)², z²₉₀·σ_ψ²); the counts take m = [d² > r²]
    private void Score(int slot, int k, in Frame now)
    {
        var (tx, ty) = _history.Truth(slot, in now);

        // d² = (zx² − 2ρ·zx·zy + zy²) / (1 − ρ²), z = e / σ (RegionShape.SquaredDistance)
        var row = slot * _steps * Rows;
        var rho = _published[row + (5 * _steps) + k];
        var zx = (_published[row + (3 * k)] - tx) * (1f / _published[row + (3 * _steps) + k]);
        var zy = (_published[row + (3 * k) + 1] - ty) * (1f / _published[row + (4 * _steps) + k]);
        var squared = ((zx * zx) - (2 * rho * zx * zy) + (zy * zy)) * (1f / (1f - (rho * rho)));
        var yawError = (float)FrameAssembler.WrapAngle(_published[row + (3 * k) + 2] - _history.TruthYaw(slot, in now));
        var yawZ = yawError * (1f / _published[row + (6 * _steps) + k]);
        double yawSquared = yawZ * yawZ;
        double region = _squared90[k], core = region * _core[k], yawCore = YawSquared90 * _yawCore[k];
        _scored[k]++;
        _missed[k] += squared <= region ? 0 : 1;
        _yawMissed[k] += yawSquared <= YawSquared90 ? 0 : 1;
        _coreMissed[k] += squared <= core ? 0 : 1;
        _yawCoreMissed[k] += yawSquared <= yawCore ? 0 : 1;
        if (_rate > 0)
        {
            _scale[k] = Adapt(ref _evidence[k], Miss(squared, region));
            _yawScale[k] = Adapt(ref _yawEvidence[k], Miss(yawSquared, YawSquared90));
            AdaptCore(k, Miss(squared, core));
            AdaptYawCore(k, Miss(yawSquared, yawCore));
        }
    }

    // a ← a·e^(γ·(m − 0.1)) for a miss m in {0, 1}; in between (at the boundary), the factors' linear blend.
    private static double Blend(double miss, double narrow, double widen) => miss <= 0 ? narrow : miss >= 1 ? widen : narrow + (miss * (widen - narrow));

    // m = clamp((d²/r² − 1)/w + ½, 0, 1): 0 inside 0.9·r², 1 outside 1.1·r², a straight line between.
    private static double Miss(double squared, double threshold)
    {
        if (!(squared <= threshold * (1 + (0.5 * BoundaryWidth))))
        {
            return 1;
        }

        return Math.Max(0, ((squared / threshold) - 1 + (0.5 * BoundaryWidth)) * (1 / BoundaryWidth));
    }

    // ln b ← clamp(ln b + ½γ·(miss₅₀ − ½), ln ¼c₀, ln c_G); c = max(c₀, b); ν from c when c moved.
    private void AdaptCore(int k, double miss)
    {
        var file = _fileCore[k];
        _coreEvidence[k] = Math.Clamp(_coreEvidence[k] * Blend(miss, _narrowCore, _widenCore), MinEvidence * file, Math.Max(file, RegionShape.GaussianCoreRatio));
        var core = Math.Max(file, _coreEvidence[k]);
        if (core != _core[k])
        {
            _core[k] = core;
            // Never below the file's ν, even by the table's rounding: the 50 % region only widens.
            _degreesOfFreedom[k] = core == file ? _fileDegreesOfFreedom[k] : Math.Max(_fileDegreesOfFreedom[k], (float)RegionShape.WithCoreRatio(core).DegreesOfFreedom);
        }
    }

    // ln c ← clamp(ln c + ½γ·(miss₅₀ − ½), ln c_min, ln c_max): both ways; ν from c when it moved.
    private void AdaptYawCore(int k, double miss)
    {
        var core = Math.Clamp(_yawCore[k] * Blend(miss, _narrowCore, _widenCore), _smallestYawCore, _largestYawCore);
        if (core != _yawCore[k])
        {
            _yawCore[k] = core;
            _yawDegreesOfFreedom[k] = (float)YawShape.WithCoreRatio(core).DegreesOfFreedom;
        }
    }

    // a ← clamp(a·e^(γ·(m − 0.1)), ¼, 100), the factors blended for 0 < m < 1; the published factor is max(1, a).
    private float Adapt(ref double evidence, double miss)
    {
        evidence = Math.Clamp(evidence * Blend(miss, _narrow, _widen), MinEvidence, MaxScale);
        return (float)Math.Max(1, evidence);
    }
}
