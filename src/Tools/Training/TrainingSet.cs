using EdgeLstm.Predictor.Features;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Data;


namespace EdgeLstm.Tools.Training;

/// <summary>
/// Recordings turned into what the network sees and must produce: normalised inputs (T, I),
/// residual targets r = (path − prior) / s (T, 3K) and per-output loss weights (0 where unknown).
/// </summary>
internal sealed class TrainingSet
{
    private TrainingSet(int[] frameCounts, float[][] inputs, float[][] residuals, float[][] weights)
    {
        FrameCounts = frameCounts;
        Inputs = inputs;
        Residuals = residuals;
        Weights = weights;
    }

    public int[] FrameCounts { get; }

    public float[][] Inputs { get; }

    public float[][] Residuals { get; }

    public float[][] Weights { get; }

    /// <summary>Feature means and standard deviations over all training frames.</summary>
    public static FeatureSpec[] FeatureStatistics(IReadOnlyList<Recording> recordings, IReadOnlyList<string> names)
    {
        var specs = new FeatureSpec[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            double sum = 0, squares = 0;
            long count = 0;
            foreach (var frame in recordings.SelectMany(r => r.Frames))
            {
                var value = FeatureExtractor.Raw(names[i], in frame);
                sum += value;
                squares += value * value;
                count++;
            }

            var mean = count == 0 ? 0 : sum / count;
            var std = count == 0 ? 1 : Math.Sqrt(Math.Max(squares / count - (mean * mean), 0));
            specs[i] = new FeatureSpec(names[i], (float)mean, (float)Math.Max(std, 1e-3));
        }

        return specs;
    }

    /// <summary>Per-output standard deviation of the residual from the prior (at least 1 mm or 1 mrad).</summary>
    public static float[] OutputScale(IReadOnlyList<Recording> recordings, ModelConfig config)
    {
        var outputs = config.OutputSize;
        var sums = new double[outputs];
        var squares = new double[outputs];
        var counts = new long[outputs];
        var prior = new float[outputs];
        var physics = PhysicsPrior.For(config);
        foreach (var recording in recordings)
        {
            for (var f = 0; f < recording.Length; f++)
            {
                var known = 3 * recording.KnownSteps[f];
                if (known == 0)
                {
                    continue;
                }

                ref readonly var frame = ref recording.Frames[f];
                physics.Path(in frame, prior);
                var target = recording.Target(f);
                for (var j = 0; j < known; j++)
                {
                    double r = target[j] - prior[j];
                    sums[j] += r;
                    squares[j] += r * r;
                    counts[j]++;
                }
            }
        }

        var scale = new float[outputs];
        for (var j = 0; j < outputs; j++)
        {
            var rms = counts[j] == 0 ? 1 : Math.Sqrt(squares[j] / counts[j]);
            scale[j] = (float)Math.Max(rms, 1e-3);
        }

        return scale;
    }

    public static TrainingSet Build(IReadOnlyList<Recording> recordings, ModelConfig config, double yawWeight, bool balanced = false)
    {
        var extractor = new FeatureExtractor(config.Features);
        var outputs = config.OutputSize;
        var prior = new float[outputs];
        var physics = PhysicsPrior.For(config);
        var inputs = new float[recordings.Count][];
        var residuals = new float[recordings.Count][];
        var weights = new float[recordings.Count][];
        for (var r = 0; r < recordings.Count; r++)
        {
            var recording = recordings[r];
            inputs[r] = new float[recording.Length * config.InputSize];
            residuals[r] = new float[recording.Length * outputs];
            weights[r] = new float[recording.Length * outputs];
            for (var f = 0; f < recording.Length; f++)
            {
                ref readonly var frame = ref recording.Frames[f];
                extractor.Extract(in frame, inputs[r].AsSpan(f * config.InputSize, config.InputSize));
                var known = 3 * recording.KnownSteps[f];
                if (known == 0)
                {
                    continue;
                }

                physics.Path(in frame, prior);
                var target = recording.Target(f);
                for (var j = 0; j < known; j++)
                {
                    var s = config.OutputScale[j];
                    residuals[r][(f * outputs) + j] = (target[j] - prior[j]) / s;

                    // Loss in physical units, s²·(y − r)², or balanced, (y − r)²; yaw down-weighted.
                    var isYaw = j % 3 == 2;
                    weights[r][(f * outputs) + j] = (float)((balanced ? 1.0 : s * s) * (isYaw ? yawWeight : 1.0));
                }
            }
        }

        return new TrainingSet([.. recordings.Select(r => r.Length)], inputs, residuals, weights);
    }
}
