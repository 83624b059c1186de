using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Sensors.Frames;
using EdgeLstm.Tools.Data;

namespace EdgeLstm.Tools.Training;

/// <summary>
/// What the uncertainty is fitted to: at anchors every 0.1 s of held-out recordings, for every step
/// k, the published path's error along and across the chord and in yaw, and the inputs of the
/// spread (ln speed, ln turn rate, ln member spread per axis, ln of the speed's and the turn rate's
/// recent variation). The member spread and the variation are read through the runtime itself: a
/// probe model with σ = s + s₀ makes <see cref="PoseUncertainty"/> report them.
/// </summary>
public sealed class UncertaintySamples
{
    /// <summary>Per step k: (n, 3) errors along, across, yaw.</summary>
    public required List<float>[] Errors { get; init; }

    /// <summary>Per step k: (n, 3 axes, 6 inputs) log-linear inputs 1, ln(|v| + v₀), ln(|ω| + ω₀), ln(s + s₀), ln(σ_v + a₀), ln(σ_ω + b₀).</summary>
    public required List<float>[] Inputs { get; init; }

    public int Steps => Errors.Length;

    public int Count(int step) => Errors[step].Count / UncertaintyModel.Axes;

    /// <param name="priorErrors">Score the calibrated prior's path instead of the published one.</param>
    public static UncertaintySamples Collect(LstmEnsemble ensemble, IReadOnlyList<Recording> recordings, GuardSettings? guard = null, bool priorErrors = false)
    {
        var config = ensemble.Config with { Uncertainty = Probe(ensemble.Config.HorizonSteps) };
        // The probe's σ must stay what it reports (the members' spread): no online widening here.
        var probeGuard = (guard ?? new GuardSettings()) with { SpreadAdaptation = 0 };
        var predictor = EnsemblePredictor.Float(new LstmEnsemble(config, [.. ensemble.Members.Select(m => m.Weights)]), probeGuard);
        var probe = predictor.Uncertainty!;
        var steps = config.HorizonSteps;
        var samples = new UncertaintySamples
        {
            Errors = [.. Enumerable.Range(0, steps).Select(_ => new List<float>())],
            Inputs = [.. Enumerable.Range(0, steps).Select(_ => new List<float>())],
        };
        foreach (var recording in recordings)
        {
            var rate = recording.Frames.Length > 1 ? 1e9 / (recording.Frames[1].TimestampNs - recording.Frames[0].TimestampNs) : config.FrameRateHz;
            var stride = Math.Max(1, (int)Math.Round(0.1 * rate));
            predictor.Reset();
            for (var f = 0; f < recording.Length; f++)
            {
                ref readonly var frame = ref recording.Frames[f];
                predictor.Step(in frame);
                if (frame.Index % stride == 0 && recording.KnownSteps[f] >= steps)
                {
                    samples.Add(in frame, priorErrors ? predictor.PriorBodyPath : predictor.BodyPath, recording.Target(f), probe, config);
                }
            }
        }

        return samples;
    }

    /// <summary>σ = s + s₀ on every axis: ln σ is the member-spread input itself.</summary>
    public static UncertaintyModel Probe(int steps)
    {
        var theta = new float[steps * UncertaintyModel.Axes * UncertaintyModel.Inputs];
        for (var k = 0; k < steps; k++)
        {
            for (var a = 0; a < UncertaintyModel.Axes; a++)
            {
                theta[UncertaintyModel.Coefficient(k, a, 3)] = 1;
            }
        }

        return new UncertaintyModel
        {
            Method = UncertaintyMethod.Spread,
            Coefficients = theta,
            CalibrationScale = [.. Enumerable.Repeat(1f, 2 * steps)],
            BaselineSigma = [.. Enumerable.Repeat(1f, steps)],
        };
    }

    private void Add(in Frame frame, ReadOnlySpan<float> path, ReadOnlySpan<float> target, PoseUncertainty probe, ModelConfig config)
    {
        var model = probe.Model;
        var logSpeed = MathF.Log(MathF.Abs((float)frame.V) + model.SpeedFloor);
        var logTurn = MathF.Log(MathF.Abs((float)PhysicsPrior.YawRate(in frame, config.PriorYawSource)) + model.TurnFloor);
        for (var k = 0; k < Steps; k++)
        {
            var j = 3 * k;
            var ex = target[j] - path[j];
            var ey = target[j + 1] - path[j + 1];
            var (sin, cos) = MathF.SinCos(probe.ChordAngle[k]);
            Errors[k].Add((ex * cos) + (ey * sin));
            Errors[k].Add((ey * cos) - (ex * sin));
            Errors[k].Add((float)FrameAssembler.WrapAngle(target[j + 2] - path[j + 2]));
            foreach (var sigma in new[] { probe.Along[k], probe.Cross[k], probe.Yaw[k] })
            {
                Inputs[k].Add(1);
                Inputs[k].Add(logSpeed);
                Inputs[k].Add(logTurn);
                Inputs[k].Add(MathF.Log(sigma));
                Inputs[k].Add(probe.LogSpeedVariation);
                Inputs[k].Add(probe.LogTurnVariation);
            }
        }
    }
}
