using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Data;

namespace EdgeLstm.Tools.Training;

/// <summary>
/// Fits a model's <see cref="UncertaintyModel"/> on recordings its network was not trained on (the
/// time-blocked hold-out, or the validation set): per step and axis the log-linear spread of the
/// chosen method by maximum likelihood, then per step one calibration factor for position and one
/// for yaw, and a tail shape ν per step for the position regions (<see cref="CoverageCalibration"/>).
/// The CV-Gaussian baseline is fitted on the training recordings. The network's weights are not touched, so float and int8 share the same numbers.
/// </summary>
public static class UncertaintyFitter
{
    public static UncertaintyModel Fit(LstmEnsemble ensemble, IReadOnlyList<Recording> calibration, IReadOnlyList<Recording> training, UncertaintyMethod method, string provenance, GuardSettings? guard = null) =>
        Fit(UncertaintySamples.Collect(ensemble, calibration, guard), Shape(ensemble, training, calibration, method, guard), CvGaussianBaseline.FitSigma(training, ensemble.Config.HorizonSteps, ensemble.Config.StepSeconds), method, provenance);

    /// <summary>
    /// Heteroscedastic: how the spread grows with speed and turn rate, and its level, are learned from
    /// the calibrated prior's errors over the whole training recordings (the full range of speeds they
    /// hold, and no network fitted to them) and calibrated there; the network's own held-out errors
    /// only say how much smaller than the prior's its errors are (the difference of the two levels,
    /// fitted on the same hold-out). The hold-out alone, a fifth of each recording, rarely spans what
    /// a new run brings: fitted on it alone, the 90 % region held 16-76 % on the left-out runs.
    /// </summary>
    private static PriorShape? Shape(LstmEnsemble ensemble, IReadOnlyList<Recording> training, IReadOnlyList<Recording> calibration, UncertaintyMethod method, GuardSettings? guard) =>
        method == UncertaintyMethod.Heteroscedastic
            ? new PriorShape(UncertaintySamples.Collect(ensemble, training, guard, priorErrors: true), UncertaintySamples.Collect(ensemble, calibration, guard, priorErrors: true))
            : null;

    /// <summary>The prior's errors on the whole training recordings and on the hold-out.</summary>
    public sealed record PriorShape(UncertaintySamples Training, UncertaintySamples Holdout);

    public static UncertaintyModel Fit(UncertaintySamples samples, PriorShape? shape, float[] baselineSigma, UncertaintyMethod method, string provenance)
    {
        var steps = samples.Steps;
        var (free, start) = method switch
        {
            UncertaintyMethod.Constant => (new[] { 0 }, new double[UncertaintyModel.Inputs]),
            UncertaintyMethod.Spread => ([0], [0, 0, 0, 1, 0, 0]),
            _ => (Enumerable.Range(0, UncertaintyModel.Inputs).ToArray(), new double[UncertaintyModel.Inputs]),
        };
        var theta = new float[steps * UncertaintyModel.Axes * UncertaintyModel.Inputs];
        var scale = new float[2 * steps];
        var positions = new List<double>[steps];
        var heldOut = new List<double>[steps];
        var headings = new List<double>[steps];
        var heldOutHeadings = new List<double>[steps];
        for (var k = 0; k < steps; k++)
        {
            var fitted = new double[UncertaintyModel.Axes][];
            var shift = new double[UncertaintyModel.Axes];
            for (var a = 0; a < UncertaintyModel.Axes; a++)
            {
                if (shape is null)
                {
                    fitted[a] = LogLinearSigmaFit.Fit(samples.Errors[k], samples.Inputs[k], UncertaintyModel.Axes, a, UncertaintyModel.Inputs, start, free);
                }
                else
                {
                    // θ = θ_prior(training) + Δ·e₀, Δ = θ₀ of the network's − θ₀ of the prior's hold-out errors (same slopes).
                    var slopes = LogLinearSigmaFit.Fit(shape.Training.Errors[k], shape.Training.Inputs[k], UncertaintyModel.Axes, a, UncertaintyModel.Inputs, start, free);
                    var network = LogLinearSigmaFit.Fit(samples.Errors[k], samples.Inputs[k], UncertaintyModel.Axes, a, UncertaintyModel.Inputs, slopes, [0]);
                    var prior = LogLinearSigmaFit.Fit(shape.Holdout.Errors[k], shape.Holdout.Inputs[k], UncertaintyModel.Axes, a, UncertaintyModel.Inputs, slopes, [0]);
                    fitted[a] = [slopes[0] + network[0] - prior[0], .. slopes[1..]];
                    shift[a] = network[0] - prior[0];
                }

                for (var d = 0; d < UncertaintyModel.Inputs; d++)
                {
                    theta[UncertaintyModel.Coefficient(k, a, d)] = (float)fitted[a][d];
                }
            }

            // Calibrated where the spread was fitted: the prior's training errors, at σ without the network's shift.
            var scored = shape?.Training ?? samples;
            (positions[k], headings[k]) = SquaredDistances(scored, k, fitted, shift);

            // The tails are the network's own: on its held-out errors at the full σ. The prior's errors
            // have lighter tails than what is left once the network has taken the predictable part.
            (heldOut[k], heldOutHeadings[k]) = SquaredDistances(samples, k, fitted, new double[UncertaintyModel.Axes]);
        }

        var regions = CoverageCalibration.FitShapes(heldOut);
        var positionScales = CoverageCalibration.PositionScales(positions, regions);
        var intervals = CoverageCalibration.FitYawShapes(heldOutHeadings);
        var yawScales = CoverageCalibration.YawScales(headings, intervals);
        for (var k = 0; k < steps; k++)
        {
            scale[2 * k] = (float)positionScales[k];
            scale[(2 * k) + 1] = (float)yawScales[k];
        }

        return new UncertaintyModel
        {
            Method = method,
            Coefficients = theta,
            CalibrationScale = scale,
            BaselineSigma = baselineSigma,
            Provenance = provenance,
            StepDegreesOfFreedom = [.. regions.Select(r => (float)r.DegreesOfFreedom)],
            YawDegreesOfFreedom = [.. intervals.Select(r => (float)r.DegreesOfFreedom)],
        };
    }

    // Per sample at step k: the squared normalised position error (along² + cross²) and yaw error, at the
    // fitted σ lowered by shift (ln units per axis).
    private static (List<double> Position, List<double> Yaw) SquaredDistances(UncertaintySamples scored, int k, double[][] fitted, double[] shift)
    {
        var position = new List<double>();
        var yaw = new List<double>();
        var errors = scored.Errors[k];
        var inputs = scored.Inputs[k];
        for (var i = 0; i < scored.Count(k); i++)
        {
            var z = new double[UncertaintyModel.Axes];
            for (var a = 0; a < UncertaintyModel.Axes; a++)
            {
                var at = ((i * UncertaintyModel.Axes) + a) * UncertaintyModel.Inputs;
                double eta = 0;
                for (var d = 0; d < UncertaintyModel.Inputs; d++)
                {
                    eta += (float)fitted[a][d] * inputs[at + d];
                }

                z[a] = errors[(i * UncertaintyModel.Axes) + a] / Math.Exp(eta - shift[a]);
            }

            position.Add((z[0] * z[0]) + (z[1] * z[1]));
            yaw.Add(z[2] * z[2]);
        }

        return (position, yaw);
    }

    /// <summary>The three methods fitted on the same samples (crossval compares them).</summary>
    public static IReadOnlyList<UncertaintyModel> FitAll(LstmEnsemble ensemble, IReadOnlyList<Recording> calibration, IReadOnlyList<Recording> training, string provenance, GuardSettings? guard = null)
    {
        var samples = UncertaintySamples.Collect(ensemble, calibration, guard);
        var baseline = CvGaussianBaseline.FitSigma(training, ensemble.Config.HorizonSteps, ensemble.Config.StepSeconds);
        return [.. Enum.GetValues<UncertaintyMethod>().Select(m => Fit(samples, Shape(ensemble, training, calibration, m, guard), baseline, m, provenance))];
    }
}
