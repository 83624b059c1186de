using System.Text.Json.Nodes;
using EdgeLstm.Predictor.Prediction;

namespace EdgeLstm.Worker.Service;

/// <summary>
/// The residual guard on the status topic: how much of the network's correction the published path
/// keeps (1 = all of it, 0 = physics alone), at 1 s and at the horizon and on average, so that a
/// dashboard sees at once when the model meets something it does harm on; how the guard corrects the
/// prior's turning for this run 2 s ahead and how far it has moved towards the constant turn rate
/// (<see cref="PriorCorrection"/>) and its headings
/// (<see cref="HeadingCorrection"/>); with uncertainty, how far
/// the position spread and the yaw σ have been widened online (1 = as the model file states it).
/// </summary>
public static class GuardStatus
{
    /// <summary><c>{"enabled":true,"mean_gain":0.93,"gain_1s":0.97,"gain_2s":0.88,"curvature_correction_2s":-0.12,"rotation_correction_2s":0.03,"constant_turn_share_2s":0.2,"heading_gain_2s":0.9,"heading_scale_correction_2s":0.1,"heading_offset_2s":0.02,"spread_scale_1s":1.4,"spread_scale_2s":1.2,"yaw_spread_scale_1s":1,"yaw_spread_scale_2s":2.1}</c>; read off the loop's thread, so a snapshot.</summary>
    public static JsonObject Describe(PathPredictor predictor)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        var gains = predictor.GuardGains;
        var config = predictor.Config;
        var oneSecond = Math.Clamp((int)Math.Round(1.0 / config.StepSeconds) - 1, 0, gains.Length - 1);
        var status = new JsonObject
        {
            ["enabled"] = predictor.Guard.Enabled,
            ["mean_gain"] = Math.Round(predictor.MeanGuardGain, 3),
            ["gain_1s"] = Math.Round(gains[oneSecond], 3),
            ["gain_2s"] = Math.Round(gains[^1], 3),
        };
        if (predictor.Guard.Correction is { } correction)
        {
            status["curvature_correction_2s"] = Math.Round(correction.CurvatureScale(gains.Length - 1), 3);
            status["rotation_correction_2s"] = Math.Round(correction.Rotation(gains.Length - 1), 3);
            status["constant_turn_share_2s"] = Math.Round(correction.ConstantTurnShare(gains.Length - 1), 3);
        }

        if (predictor.Guard.Headings is { } headings)
        {
            status["heading_gain_2s"] = Math.Round(headings.Gain(gains.Length - 1), 3);
            status["heading_scale_correction_2s"] = Math.Round(headings.TurnScale(gains.Length - 1), 3);
            status["heading_offset_2s"] = Math.Round(headings.Offset(gains.Length - 1), 3);
        }

        if (predictor.SpreadCalibrator is { } calibrator)
        {
            var scales = calibrator.Scales;
            status["spread_scale_1s"] = Math.Round(scales[oneSecond], 3);
            status["spread_scale_2s"] = Math.Round(scales[^1], 3);
            var yawScales = calibrator.YawScales;
            status["yaw_spread_scale_1s"] = Math.Round(yawScales[oneSecond], 3);
            status["yaw_spread_scale_2s"] = Math.Round(yawScales[^1], 3);
        }

        return status;
    }
}
