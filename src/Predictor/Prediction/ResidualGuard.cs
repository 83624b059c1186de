using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// "Never worse than physics for long": learns online, per horizon step k, how much of the network's
/// residual to keep. Each frame's prior path and residual wait in a ring buffer until the odometry
/// has travelled k steps past the frame (causal: 2 s later for the last step); then the realised
/// future odometry, scaled by the prior's calibrated speed scale, is the truth t they are scored on.
/// The gain g_k in [0, 1] is the least-squares shrinkage of the residual r towards the prior p:
/// <code>
///   path = p + g·r,  ‖p + g·r − t‖² is least at g* = −Σ (p − t)·r / Σ r·r
/// </code>
/// with the sums decaying (memory of <see cref="GuardSettings.MemorySeconds"/>) and g* pulled
/// towards 1 by <see cref="GuardSettings.PriorSeconds"/> of pseudo-observations, so a residual that
/// helps keeps g near 1 and one that hurts is driven towards 0. With
/// <see cref="GuardSettings.CorrectsPrior"/> (the default), g is fitted together with a correction of
/// the prior itself for this run (<see cref="PriorCorrection"/>: its turning, and a share of the way
/// to the constant-turn-rate path, which each frame hands in beside the prior), and the headings get a correction
/// of their own, fitted on the odometry's headings (<see cref="HeadingCorrection"/>). Every buffer is
/// allocated here; a step allocates nothing.
/// </summary>
public sealed class ResidualGuard
{
    private readonly OdometryHistory _history;
    private readonly int _steps;
    private readonly int _outputs;
    private readonly double _decay;
    private readonly double _stepDecay;
    private readonly double _priorWeight;
    private readonly double _correctionWeight;

    // Ring slot by slot with the history's: (capacity, 3K) prior, residual and, with the correction, the constant-turn-rate path.
    private readonly float[] _priors;
    private readonly float[] _residuals;
    private readonly float[] _constantTurns;

    // Per step k: decayed Σ −(p − t)·r, Σ r·r, observation count; the gains; realised squared errors.
    private readonly double[] _cross;
    private readonly double[] _power;
    private readonly double[] _count;
    private readonly float[] _gains;
    private readonly float[] _ones;
    private readonly double[] _modelError;
    private readonly double[] _priorError;
    private readonly PriorCorrection? _correction;
    private readonly HeadingCorrection? _headings;

    /// <param name="history">The odometry the predictions are scored against; its owner remembers each frame after <see cref="Observe"/>.</param>
    public ResidualGuard(OdometryHistory history, double frameRateHz, GuardSettings? settings = null)
    {
        settings ??= new GuardSettings();
        settings.Validate();
        _history = history;
        var horizonSteps = history.Steps;
        _steps = horizonSteps;
        _outputs = 3 * horizonSteps;

        // λ = e^(−1 / (T·rate)) per frame; n₀ = prior seconds · rate observations at g = 1.
        _decay = Math.Exp(-1.0 / (settings.MemorySeconds * frameRateHz));
        _stepDecay = Math.Pow(_decay, history.FramesPerStep);
        _priorWeight = settings.PriorSeconds * frameRateHz;
        _correctionWeight = settings.CorrectionPriorSeconds * frameRateHz;
        Enabled = settings.Enabled;
        _correction = settings.CorrectsPrior ? new PriorCorrection(horizonSteps) : null;
        _headings = settings.CorrectsPrior ? new HeadingCorrection(horizonSteps) : null;
        _priors = new float[history.Capacity * _outputs];
        _residuals = new float[history.Capacity * _outputs];
        _constantTurns = new float[_correction is null ? 0 : history.Capacity * _outputs];
        _cross = new double[horizonSteps];
        _power = new double[horizonSteps];
        _count = new double[horizonSteps];
        _gains = new float[horizonSteps];
        _ones = new float[horizonSteps];
        _ones.AsSpan().Fill(1f);
        _modelError = new double[horizonSteps];
        _priorError = new double[horizonSteps];
        Reset();
    }

    /// <summary>Whether <see cref="Apply"/> shrinks the residual (the gains are learned either way).</summary>
    public bool Enabled { get; }

    /// <summary>The gain of each horizon step, in [0, 1]: the share of the residual the path keeps.</summary>
    public ReadOnlySpan<float> Gains => _gains;

    /// <summary>The gains <see cref="Apply"/> uses: <see cref="Gains"/> when enabled, else all 1.</summary>
    public ReadOnlySpan<float> AppliedGains => Enabled ? _gains : _ones;

    /// <summary>The run's correction of the prior, fitted with the gains; null when <see cref="GuardSettings.CorrectsPrior"/> is off.</summary>
    public PriorCorrection? Correction => _correction;

    /// <summary>The run's correction of the headings, fitted on their own evidence; null when <see cref="GuardSettings.CorrectsPrior"/> is off.</summary>
    public HeadingCorrection? Headings => _headings;

    /// <summary>The mean of <see cref="Gains"/>: 1 when the network is trusted fully, 0 when physics alone is used.</summary>
    public float MeanGain { get; private set; } = 1;

    /// <summary>Decayed mean squared realised error of the unguarded network path at step k (m²).</summary>
    public double ModelSquaredError(int step) => _count[step] > 0 ? _modelError[step] / _count[step] : double.NaN;

    /// <summary>Decayed mean squared realised error of the prior's path at step k (m²).</summary>
    public double PriorSquaredError(int step) => _count[step] > 0 ? _priorError[step] / _count[step] : double.NaN;

    /// <summary>Scores the frames whose futures this frame completes, then remembers this frame's prior, residual and constant-turn-rate path (read only with <see cref="GuardSettings.CorrectsPrior"/>).</summary>
    public void Observe(in Frame frame, ReadOnlySpan<float> prior, ReadOnlySpan<float> residual, ReadOnlySpan<float> constantTurn)
    {
        if (OdometryHistory.HasOdometry(in frame))
        {
            for (var k = 1; k <= _steps; k++)
            {
                if (_history.TryAnchor(k, out var anchor))
                {
                    Score(anchor, k - 1, in frame);
                }
            }

            var sum = 0f;
            foreach (var g in _gains)
            {
                sum += g;
            }

            MeanGain = sum / _steps;
        }

        var slot = _history.CurrentSlot;
        prior[.._outputs].CopyTo(_priors.AsSpan(slot * _outputs, _outputs));
        residual[.._outputs].CopyTo(_residuals.AsSpan(slot * _outputs, _outputs));
        if (_correction is not null)
        {
            constantTurn[.._outputs].CopyTo(_constantTurns.AsSpan(slot * _outputs, _outputs));
        }
    }

    /// <summary>
    /// path = prior + g_k·residual for every pose k, the positions corrected as <see cref="PriorCorrection"/>
    /// says and the headings as <see cref="HeadingCorrection"/> says when they are on; when disabled,
    /// prior + residual.
    /// </summary>
    public void Apply(ReadOnlySpan<float> prior, ReadOnlySpan<float> residual, ReadOnlySpan<float> constantTurn, Span<float> path)
    {
        for (var k = 0; k < _steps; k++)
        {
            var g = Enabled ? _gains[k] : 1f;
            var j = 3 * k;
            if (Enabled && _correction is not null)
            {
                (path[j], path[j + 1]) = _correction.Apply(k, g, prior[j], prior[j + 1], residual[j], residual[j + 1], constantTurn[j], constantTurn[j + 1]);
            }
            else
            {
                path[j] = prior[j] + (g * residual[j]);
                path[j + 1] = prior[j + 1] + (g * residual[j + 1]);
            }

            path[j + 2] = Enabled && _headings is not null ? _headings.Apply(k, prior[j + 2], residual[j + 2], constantTurn[j + 2]) : prior[j + 2] + (g * residual[j + 2]);
        }
    }

    /// <summary>Forgets all evidence: gains back to 1 (the owner resets the history).</summary>
    public void Reset()
    {
        Array.Clear(_cross);
        Array.Clear(_power);
        Array.Clear(_count);
        Array.Clear(_modelError);
        Array.Clear(_priorError);
        _gains.AsSpan().Fill(1f);
        _correction?.Reset();
        _headings?.Reset();
        MeanGain = 1;
    }

    // t = s·R(−ψ_a)·(p_now − p_a); d = p_prior − t; g* = (Σ −d·r + n₀·r̄²) / (Σ r·r + n₀·r̄²), r̄² = Σ r·r / n
    private void Score(int slot, int k, in Frame now)
    {
        var (tx, ty) = _history.Truth(slot, in now);
        var j = (slot * _outputs) + (3 * k);
        double px = _priors[j], py = _priors[j + 1];
        double rx = _residuals[j], ry = _residuals[j + 1];
        var ex = px - tx;
        var ey = py - ty;
        var mx = ex + rx;
        var my = ey + ry;

        _count[k] = (_decay * _count[k]) + 1;
        _priorError[k] = (_decay * _priorError[k]) + ((ex * ex) + (ey * ey));
        _modelError[k] = (_decay * _modelError[k]) + ((mx * mx) + (my * my));

        if (_correction is not null)
        {
            // Its sums hold Σ −d·r and Σ r·r among the rest; g comes out of its fit.
            // The fit moves little in a step's time: each step is refitted once a step (0.1 s), the
            // steps in turn, which keeps the solves per second at 10·K at any sensor rate.
            _correction.Observe(k, _decay, ex, ey, rx, ry, px, py, _constantTurns[j], _constantTurns[j + 1]);
            if ((_history.Frames + k) % _history.FramesPerStep == 0)
            {
                _gains[k] = (float)_correction.Solve(k, _priorWeight, _correctionWeight);

                // The headings are scored at one anchor in n, as the spread's evidence is (adjacent
                // frames' headings are nearly the same event), with the decay and the priors per step.
                if (_headings is not null)
                {
                    var heading = _priors[j + 2];
                    _headings.Observe(k, _stepDecay, FrameAssembler.WrapAngle(heading - _history.TruthYaw(slot, in now)), _residuals[j + 2], heading, _constantTurns[j + 2]);
                    _headings.Solve(k, _priorWeight / _history.FramesPerStep, _correctionWeight / _history.FramesPerStep);
                }
            }

            return;
        }

        _cross[k] = (_decay * _cross[k]) - ((ex * rx) + (ey * ry));
        _power[k] = (_decay * _power[k]) + ((rx * rx) + (ry * ry));
        var meanPower = _power[k] / _count[k];
        var pseudo = _priorWeight * meanPower;
        var denominator = _power[k] + pseudo;
        var gain = denominator > 1e-12 ? (_cross[k] + pseudo) / denominator : 1.0;
        _gains[k] = (float)Math.Clamp(gain, 0.0, 1.0);
    }
}
