using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
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
    /// The default: the largest |x| seen. The inputs are already normalised (most of them within
    /// a few σ) and there are only a handful of them, so the resolution lost to the extremes is
    /// small, while the extremes themselves (the gap flag, hard braking, fast turns) are exactly
    /// the frames where a clipped input would change the prediction.
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
        var rank = Math.Clamp((int)Math.Ceiling(percentile / 100.0 * magnitudes.Count) - 1, 0, magnitudes.Count - 1);
        var bound = magnitudes[rank];
        if (!(bound > 0))
        {
            throw new ArgumentException($"calibration: the normalised inputs over {frames} frames are all zero at the {percentile}th percentile; the input scale cannot be chosen");
        }

        var clipped = magnitudes.Count - magnitudes.FindLastIndex(m => m <= bound) - 1;
        return new CalibrationResult(files, frames, skipped, featureMax, max, percentile, bound, clipped / (double)magnitudes.Count);
    }

    /// <summary>
    /// False for a frame whose sensor values are all exactly zero: a file without IMU or odometry
    /// streams (ground truth only) yields such frames, while a real IMU always reads gravity.
    /// Frames with gaps count: they hold the last values, which is what the model is fed live.
    /// </summary>
    private static bool HasSensorData(in Frame f) =>
        f.Ax != 0 || f.Ay != 0 || f.Az != 0 || f.Gx != 0 || f.Gy != 0 || f.Gz != 0 || f.V != 0 || f.W != 0;
}
