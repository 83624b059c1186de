using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Data;

namespace EdgeLstm.Tools.Training;

/// <summary>
/// Fits a model's <see cref="UncertaintyModel"/> on recordings its network was not trained on (the
/// time-blocked hold-out, or the validation set): per step and axis the log-linear spread of the
/// chosen method by maximum likelihood, then per step one calibration factor for position and one
/// for yaw (<see cref="CoverageCalibration"/>). The CV-Gaussian baseline is fitted on the training
/// recordings. The network's weights are not touched, so float and int8 share the same numbers.
/// </summary>
public static class UncertaintyFitter
{
    public static UncertaintyModel Fit(LstmEnsemble ensemble, IReadOnlyList<Recording> calibration, IReadOnlyList<Recording> training, UncertaintyMethod method, string provenance, GuardSettings? guard = null) =>
        Fit(UncertaintySamples.Collect(ensemble, calibration, guard), Shape(ensemble, training, method, guard), CvGaussianBaseline.FitSigma(training, ensemble.Config.HorizonSteps, ensemble.Config.StepSeconds), method, provenance);

    /// <summary>
    /// Heteroscedastic: how the spread grows with speed and turn rate is learned from the calibrated
    /// prior's errors over the whole training recordings (the full range of speeds they hold, and no
    /// network fitted to them), then only its level is refitted on the network's held-out errors.
    /// The hold-out alone, a fifth of each recording, rarely spans the speeds a new run brings.
    /// </summary>
    private static UncertaintySamples? Shape(LstmEnsemble ensemble, IReadOnlyList<Recording> training, UncertaintyMethod method, GuardSettings? guard) =>
        method == UncertaintyMethod.Heteroscedastic && ShapeFromPrior ? UncertaintySamples.Collect(ensemble, training, guard, priorErrors: true) : null;

    /// <summary>Development switch: learn the heteroscedastic shape from the prior's training errors (true) or the hold-out alone.</summary>
    public static bool ShapeFromPrior { get; set; } = Environment.GetEnvironmentVariable("ELSTM_UNC_ONE_STAGE") is null;

    public static UncertaintyModel Fit(UncertaintySamples samples, UncertaintySamples? shape, float[] baselineSigma, UncertaintyMethod method, string provenance)
    {
        var steps = samples.Steps;
        var (free, start) = method switch
        {
            UncertaintyMethod.Constant => (new[] { 0 }, new double[] { 0, 0, 0, 0 }),
            UncertaintyMethod.Spread => ([0], [0, 0, 0, 1]),
            _ => ([0, 1, 2, 3], new double[] { 0, 0, 0, 0 }),
        };
        var theta = new float[steps * UncertaintyModel.Axes * UncertaintyModel.Inputs];
        var scale = new float[2 * steps];
        for (var k = 0; k < steps; k++)
        {
            var fitted = new double[UncertaintyModel.Axes][];
            for (var a = 0; a < UncertaintyModel.Axes; a++)
            {
                if (shape is null)
                {
                    fitted[a] = LogLinearSigmaFit.Fit(samples.Errors[k], samples.Inputs[k], UncertaintyModel.Axes, a, UncertaintyModel.Inputs, start, free);
                }
                else
                {
                    var slopes = LogLinearSigmaFit.Fit(shape.Errors[k], shape.Inputs[k], UncertaintyModel.Axes, a, UncertaintyModel.Inputs, start, free);
                    fitted[a] = LogLinearSigmaFit.Fit(samples.Errors[k], samples.Inputs[k], UncertaintyModel.Axes, a, UncertaintyModel.Inputs, slopes, [0]);
                }

                for (var d = 0; d < UncertaintyModel.Inputs; d++)
                {
                    theta[UncertaintyModel.Coefficient(k, a, d)] = (float)fitted[a][d];
                }
            }

            var position = new List<double>();
            var yaw = new List<double>();
            var errors = samples.Errors[k];
            var inputs = samples.Inputs[k];
            for (var i = 0; i < samples.Count(k); i++)
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

                    z[a] = errors[(i * UncertaintyModel.Axes) + a] / Math.Exp(eta);
                }

                position.Add((z[0] * z[0]) + (z[1] * z[1]));
                yaw.Add(z[2] * z[2]);
            }

            scale[2 * k] = (float)CoverageCalibration.Scale(position, 2);
            scale[(2 * k) + 1] = (float)CoverageCalibration.Scale(yaw, 1);
        }

        return new UncertaintyModel
        {
            Method = method,
            Coefficients = theta,
            CalibrationScale = scale,
            BaselineSigma = baselineSigma,
            Provenance = provenance,
        };
    }

    /// <summary>The three methods fitted on the same samples (crossval compares them).</summary>
    public static IReadOnlyList<UncertaintyModel> FitAll(LstmEnsemble ensemble, IReadOnlyList<Recording> calibration, IReadOnlyList<Recording> training, string provenance, GuardSettings? guard = null)
    {
        var samples = UncertaintySamples.Collect(ensemble, calibration, guard);
        var baseline = CvGaussianBaseline.FitSigma(training, ensemble.Config.HorizonSteps, ensemble.Config.StepSeconds);
        return [.. Enum.GetValues<UncertaintyMethod>().Select(m => Fit(samples, Shape(ensemble, training, m, guard), baseline, m, provenance))];
    }
}
