using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Predictor.Quantisation;
using EdgeLstm.Sensors.Frames;
using EdgeLstm.Tools.Data;

namespace EdgeLstm.Tools.Quantising;

/// <summary>
/// Post-training calibration: the input scale from frames run through the float model. The
/// weights need no data; <see cref="WeightQuantiser"/> in the runtime converts them.
/// </summary>
public static class Quantiser
{
    /// <summary>
    /// The default: each feature's largest |x| (times <see cref="Headroom"/>) bounds its range, nothing
    /// clipped. The range is the feature's own (<see cref="InputRangeEqualisation"/>), so the rare
    /// extremes of one feature (the gap flag, hard braking, fast turns: the frames where a clipped input
    /// would change the prediction) cost the others no resolution.
    /// </summary>
    public const double DefaultPercentile = 100.0;

    /// <summary>
    /// Runs the float model over every frame of the recordings (state carried within a recording,
    /// reset between them, as in use) and takes the range of the normalised inputs it is fed.
    /// Throws <see cref="ArgumentException"/> if there is nothing usable to calibrate on.
    /// </summary>
    public static CalibrationResult Calibrate(LstmModel model, IReadOnlyList<Recording> recordings, double percentile = DefaultPercentile)
    {
        if (!(percentile > 0 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "the calibration percentile must be in (0, 100]");
        }

        var inputSize = model.Config.InputSize;
        var stepper = new FloatLstmStepper(model);
        var predictor = new PathPredictor(model.Config, stepper);
        var magnitudes = new List<float>();
        var featureMagnitudes = Enumerable.Range(0, inputSize).Select(_ => new List<float>()).ToArray();
        var featureMax = new float[inputSize];
        var frames = 0;
        var skipped = 0;
        var files = 0;
        foreach (var recording in recordings)
        {
            if (recording.Length == 0)
            {
                continue;
            }

            files++;
            predictor.Reset();
            foreach (var frame in recording.Frames)
            {
                // The model runs over every frame so its state is what it would be live, but only
                // frames with sensor data are calibrated on.
                predictor.Step(in frame);
                if (!HasSensorData(in frame))
                {
                    skipped++;
                    continue;
                }

                var x = stepper.State.Input;
                for (var j = 0; j < inputSize; j++)
                {
                    var magnitude = Math.Abs(x[j]);
                    if (!float.IsFinite(magnitude))
                    {
                        throw new ArgumentException($"calibration: {recording.Name} frame {frame.Index}: feature '{model.Config.Features[j].Name}' is {x[j]}");
                    }

                    magnitudes.Add(magnitude);
                    featureMagnitudes[j].Add(magnitude);
                    featureMax[j] = Math.Max(featureMax[j], magnitude);
                }

                frames++;
            }
        }

        if (frames == 0)
        {
            throw new ArgumentException($"calibration: none of the {recordings.Count} file(s) yields a usable frame ({skipped} frame(s) without IMU or odometry data); give replay files with sensor data");
        }

        magnitudes.Sort();
        var max = magnitudes[^1];
        var bound = Percentile(magnitudes, percentile);
        if (!(bound > 0))
        {
            throw new ArgumentException($"calibration: the normalised inputs over {frames} frames are all zero at the {percentile}th percentile; the input scale cannot be chosen");
        }

        var clipped = Above(magnitudes, bound);
        var featureBounds = new float[inputSize];
        var featureClipped = 0;
        for (var j = 0; j < inputSize; j++)
        {
            var own = featureMagnitudes[j];
            own.Sort();
            featureBounds[j] = Percentile(own, percentile);
            featureClipped += Above(own, featureBounds[j]);
        }

        return new CalibrationResult(files, frames, skipped, featureMax, max, percentile, bound, clipped / (double)magnitudes.Count)
        {
            FeatureBounds = featureBounds,
            FeatureClippedFraction = featureClipped / (double)magnitudes.Count,
        };
    }

    /// <summary>
    /// The int8 members of <paramref name="ensemble"/> and the configuration they run with: inputs
    /// equalised to each feature's calibrated bound (<see cref="InputRangeEqualisation"/>), so one input
    /// scale, 1/127, serves all of them; the float network's function is unchanged.
    /// </summary>
    public static (ModelConfig Config, QuantisedLstmWeights[] Members) Quantise(LstmEnsemble ensemble, CalibrationResult calibration)
    {
        var equalised = InputRangeEqualisation.Apply(ensemble, [.. calibration.FeatureBounds.Select(b => b * Headroom)]);
        return (equalised.Config with { Quantisation = QuantisationMode.Int8 }, [.. equalised.Members.Select(m => WeightQuantiser.Quantise(m.Weights, EqualisedInputScale))]);
    }

    /// <summary>
    /// Each feature's range is its calibrated bound times this: a run faster or harder than the
    /// calibration recordings saturates only beyond 1.5 times what they reached. Measured by crossval on
    /// the real recordings with the guard and the online widening off (so that no feedback amplifies a
    /// difference): with 1.5 the int8 50 % and 90 % coverage of every left-out run is within 0.5 points of
    /// float at 0.5, 1 and 2 s; with 1 (the left-out fastest run clipped) within 0.7, with 2 within 1.5.
    /// </summary>
    public const float Headroom = 1.5f;

    /// <summary>s_x after equalisation: every feature's bound is 1.</summary>
    public const float EqualisedInputScale = 1f / QuantisedMatrix.MaxValue;

    // How many of the ascending values lie above the bound.
    private static int Above(List<float> sorted, float bound) => sorted.Count - sorted.FindLastIndex(m => m <= bound) - 1;

    // The value at the given percentile of ascending values (100: the largest).
    private static float Percentile(List<float> sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>
    /// False for a frame whose sensor values are all exactly zero: a file without IMU or odometry
    /// streams (ground truth only) yields such frames, while a real IMU always reads gravity.
    /// Frames with gaps count: they hold the last values, which is what the model is fed live.
    /// </summary>
    private static bool HasSensorData(in Frame f) =>
        f.Ax != 0 || f.Ay != 0 || f.Az != 0 || f.Gx != 0 || f.Gy != 0 || f.Gz != 0 || f.V != 0 || f.W != 0;
}
