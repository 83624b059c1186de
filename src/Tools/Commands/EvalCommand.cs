using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Evaluation.Plotting;
using EdgeLstm.Tools.Evaluation;
using EdgeLstm.Worker.Commands;
using EdgeLstm.Worker.Errors;

namespace EdgeLstm.Tools.Commands;

/// <summary><c>edge-lstm eval</c>: ADE/FDE of a model (guarded and unguarded) against CV, CTRV and its own calibrated prior.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "model file (default: the bundled model)" };
        var files = new Argument<string[]>("files") { Description = "replay files with ground truth (or odometry)", Arity = ArgumentArity.OneOrMore };
        var horizon = new Option<double>("--horizon") { Description = "horizon in seconds", DefaultValueFactory = _ => 1.0 };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var maxGap = new Option<double?>("--max-gt-gap") { Description = $"ground-truth gaps longer than this (s) are not interpolated across; 'inf' bridges all [default: {RecordingLoader.MaxGroundTruthGapSeconds} s, or {RecordingLoader.GapIntervals} of the ground truth's median intervals if longer, up to the horizon]", CustomParser = ParseSeconds };
        var plot = new Option<string?>("--plot") { Description = "also draw predicted vs actual paths and error against horizon into this PNG" };
        var command = new Command("eval", "Evaluate ADE/FDE of the model and the physics baselines (anchors every 0.1 s)") { model, files, horizon, json, maxGap, plot };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var predictor = ModelLoader.LoadPredictor(ModelLoader.Resolve(parse.GetValue(model)));
            var config = predictor.Config;
            if (!(parse.GetValue(horizon) >= config.StepSeconds && parse.GetValue(horizon) <= config.HorizonSeconds + 1e-9))
            {
                throw new ArgumentException($"--horizon: {parse.GetValue(horizon)} s, expected {config.StepSeconds} to {config.HorizonSeconds} s (the model's horizon)");
            }

            var recordings = parse.GetValue(files)!.Select(p => RecordingLoader.Load(p, config.FrameRateHz, config.HorizonSteps, config.StepSeconds, parse.GetValue(maxGap))).ToList();
            var result = Evaluator.Evaluate(recordings, predictor, parse.GetValue(horizon), config.StepSeconds);
            var coverage = CoverageEvaluator.Evaluate(recordings, predictor);
            Console.WriteLine(parse.GetValue(json) ? ToJson(result, coverage) : ToTable(result, config.Name) + Environment.NewLine + CoverageTable(coverage));
            return parse.GetValue(plot) is { } png ? Plot(png, result, recordings, predictor, coverage) : ExitCodes.Ok;
        }));
        return command;
    }

    private static string CoverageTable(IReadOnlyList<HorizonCoverage>? coverage)
    {
        if (coverage is null)
        {
            return "uncertainty: none (the model file carries no uncertainty: trained before format v3, or with --uncertainty none)";
        }

        var text = new System.Text.StringBuilder();
        text.AppendLine("uncertainty: share of true positions (yaw row: headings) inside the 50 % and 90 % regions (%), mean NLL (nats)");
        CoverageReport.Header(text, coverage, string.Empty);
        CoverageReport.Row(text, "model", coverage, h => h.Model, string.Empty);
        CoverageReport.Row(text, "model yaw (1-D NLL)", coverage, h => h.Yaw, string.Empty);
        CoverageReport.ErrorRow(text, "model yaw |error| (rad)", coverage, h => h.Yaw, string.Empty);
        CoverageReport.Row(text, "cv gaussian (baseline)", coverage, h => h.Baseline, string.Empty);
        text.Append("verdict: " + string.Join(", ", coverage.Select(h => string.Create(CultureInfo.InvariantCulture, $"{CoverageEvaluator.Verdict(h.Model)} @{h.Seconds:0.#}s"))));
        return text.ToString();
    }

    private static int Plot(string png, EvaluationResult result, List<Recording> recordings, PathPredictor predictor, IReadOnlyList<HorizonCoverage>? coverage)
    {
        // A dozen seconds shows a few turns at the scale of the paths; six anchors keep them apart.
        var stretch = recordings.Select(r => PathStretch.Find(r, predictor, seconds: 12, anchors: 6)).FirstOrDefault(s => s is not null);
        EvalPlot.Save(png, result, stretch, predictor.Config.Name, predictor.Config.StepSeconds, coverage);
        Console.Error.WriteLine($"edge-lstm: plot written to {png}");
        return ExitCodes.Ok;
    }

    public static string ToJson(EvaluationResult r, IReadOnlyList<HorizonCoverage>? coverage = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("horizon_s", r.HorizonSeconds);
            writer.WriteNumber("anchors", r.Anchors);
            Write(writer, "model", r.Model!);
            if (r.Unguarded is { } unguarded && r.Prior is { } prior)
            {
                Write(writer, "model_unguarded", unguarded);
                Write(writer, "calibrated", prior);
                writer.WriteNumber("mean_guard_gain", Math.Round(r.MeanGuardGain, 4));
                WriteCorrection(writer, r);
                writer.WriteNumber("ratio_to_best", Math.Round(r.Model!.Fde / r.BestBaselineFde, 4));
            }

            Write(writer, "cv", r.ConstantVelocity);
            Write(writer, "ctrv", r.ConstantTurnRate);
            if (coverage is not null)
            {
                writer.WriteStartObject("uncertainty");
                CoverageReport.Json(writer, "model", coverage, h => h.Model);
                CoverageReport.Json(writer, "model_yaw", coverage, h => h.Yaw);
                CoverageReport.Json(writer, "cv_gaussian", coverage, h => h.Baseline);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("uncertainty");
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, string name, ErrorStats stats)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("ade", Math.Round(stats.Ade, 4));
        writer.WriteNumber("fde", Math.Round(stats.Fde, 4));
        writer.WriteEndObject();
    }

    private static string ToTable(EvaluationResult r, string modelName)
    {
        var c = CultureInfo.InvariantCulture;
        var best = r.BestBaselineFde;
        return string.Join(Environment.NewLine,
            string.Create(c, $"horizon {r.HorizonSeconds} s, {r.Anchors} anchors; best baseline of cv, ctrv and calibrated"),
            "predictor            ADE (m)   FDE (m)",
            string.Create(c, $"{"model " + modelName,-20} {r.Model!.Ade,7:F3}   {r.Model.Fde,7:F3}   ({SignedFigure.Percent((r.Model.Fde / best) - 1)} FDE vs best baseline; guarded, mean gain {r.MeanGuardGain:F2})"),
            string.Create(c, $"{"model unguarded",-20} {r.Unguarded!.Ade,7:F3}   {r.Unguarded.Fde,7:F3}   ({SignedFigure.Percent((r.Unguarded.Fde / best) - 1)})"),
            string.Create(c, $"{"calibrated",-20} {r.Prior!.Ade,7:F3}   {r.Prior.Fde,7:F3}"),
            string.Create(c, $"{"cv",-20} {r.ConstantVelocity.Ade,7:F3}   {r.ConstantVelocity.Fde,7:F3}"),
            string.Create(c, $"{"ctrv",-20} {r.ConstantTurnRate.Ade,7:F3}   {r.ConstantTurnRate.Fde,7:F3}"),
            GuardLine(r));
    }

    /// <summary>The guard's mean correction of the prior at the horizon, when it corrects: three JSON numbers.</summary>
    internal static void WriteCorrection(Utf8JsonWriter writer, EvaluationResult r)
    {
        if (double.IsFinite(r.MeanCurvatureCorrection))
        {
            writer.WriteNumber("mean_curvature_correction_2s", Math.Round(r.MeanCurvatureCorrection, 4));
            writer.WriteNumber("mean_rotation_correction_2s", Math.Round(r.MeanRotationCorrection, 4));
            writer.WriteNumber("mean_constant_turn_share_2s", Math.Round(r.MeanConstantTurnShare, 4));
        }
    }

    /// <summary>What the guard did on the way: its mean gain and, when it corrects the prior, the mean correction at the horizon.</summary>
    internal static string GuardLine(EvaluationResult r) =>
        double.IsFinite(r.MeanCurvatureCorrection)
            ? string.Create(CultureInfo.InvariantCulture, $"guard: mean gain {r.MeanGuardGain:F2}; prior corrected at the horizon by curvature {SignedFigure.Format(r.MeanCurvatureCorrection, 3)} and rotation {SignedFigure.Format(r.MeanRotationCorrection, 3)} rad, and moved {r.MeanConstantTurnShare:F2} of the way to the constant turn rate, on average")
            : string.Create(CultureInfo.InvariantCulture, $"guard: mean gain {r.MeanGuardGain:F2}; prior not corrected");

    // A positive number of seconds, or "inf" / "infinity" (any case), which double.Parse does not
    // read; the one place --max-gt-gap is checked.
    private static double? ParseSeconds(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (text.Equals("inf", StringComparison.OrdinalIgnoreCase) || text.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            return double.PositiveInfinity;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            result.AddError($"--max-gt-gap: '{text}' is not a number of seconds or inf");
            return null;
        }

        if (!(seconds > 0))
        {
            result.AddError($"--max-gt-gap: {text} s, expected a positive number of seconds or inf");
            return null;
        }

        return seconds;
    }
}
