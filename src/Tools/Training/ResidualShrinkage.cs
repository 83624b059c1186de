using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Data;


namespace EdgeLstm.Tools.Training;

/// <summary>
/// After training, how much of the residual each horizon step keeps, measured on the held-out part
/// of the training recordings (never the data the weights were fitted on). The least-squares gain
/// of the residual r over the prior p against the truth t, per step k and clamped to [0, 1]:
/// <code>
///   g_k = Σ −(p − t)·r / Σ r·r
/// </code>
/// The head is linear, so the gain is folded into its rows (W_y, b_y of every member scaled by g_k):
/// the model file is unchanged in layout and the run-time step does no extra work. The online guard
/// then starts from a residual that already did no harm on held-out data.
/// </summary>
public static class ResidualShrinkage
{
    public static float[] Gains(LstmEnsemble ensemble, IReadOnlyList<Recording> holdout)
    {
        var k = ensemble.Config.HorizonSteps;
        var cross = new double[k];
        var power = new double[k];
        var predictor = EnsemblePredictor.Float(ensemble, new GuardSettings { Enabled = false });
        foreach (var recording in holdout)
        {
            predictor.Reset();
            for (var f = 0; f < recording.Length; f++)
            {
                predictor.Step(in recording.Frames[f]);
                var known = recording.KnownSteps[f];
                var target = recording.Target(f);
                var prior = predictor.PriorBodyPath;
                var path = predictor.UnguardedBodyPath;
                for (var s = 0; s < known; s++)
                {
                    for (var d = 0; d < 2; d++)
                    {
                        var j = (3 * s) + d;
                        var r = path[j] - prior[j];
                        cross[s] -= (prior[j] - target[j]) * r;
                        power[s] += r * r;
                    }
                }
            }
        }

        return [.. Enumerable.Range(0, k).Select(s => power[s] > 0 ? (float)Math.Clamp(cross[s] / power[s], 0, 1) : 1f)];
    }

    /// <summary>A copy of the ensemble whose every member's head rows for pose k are scaled by g_k.</summary>
    public static LstmEnsemble Apply(LstmEnsemble ensemble, IReadOnlyList<float> gains)
    {
        var hidden = ensemble.Config.HiddenSize;
        var members = ensemble.Members.Select(m =>
        {
            var w = m.Weights.Clone();
            for (var row = 0; row < w.OutputSize; row++)
            {
                var g = gains[row / ModelConfig.PoseDims];
                System.Numerics.Tensors.TensorPrimitives.Multiply(w.HeadWeights.AsSpan(row * hidden, hidden), g, w.HeadWeights.AsSpan(row * hidden, hidden));
                w.HeadBias[row] *= g;
            }

            return w;
        }).ToList();
        return new LstmEnsemble(ensemble.Config, members);
    }
}
