using System.Globalization;
using System.Text.Json;
using System.Text;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Tools.Evaluation;
using EdgeLstm.Tools.Training;

namespace EdgeLstm.Tools.Commands;

/// <summary>Wall-clock and CPU time of a cross-validation.</summary>
internal sealed record CrossvalTiming(TimeSpan Wall, TimeSpan Cpu);

/// <summary>
/// crossval's report: per left-out recording, FDE and ADE at 1 s and 2 s of the model (guarded and
/// unguarded), the calibrated prior, CV and CTRV, and the model's FDE ratio to the best of the three
/// baselines and to CV alone; then the mean and worst ratio over folds.
/// </summary>
internal static class CrossvalReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string ToTable(IReadOnlyList<FoldResult> folds, TrainingOptions options, CrossvalTiming timing)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Create(C, $"leave-one-recording-out cross-validation, {folds.Count} folds; recipe: {Recipe(options)}"));
        text.AppendLine("each fold trains on the other recordings (early stopping on their last part) and scores the left-out one");
        text.AppendLine(string.Create(C, $"{"",-22} {"ADE@1s",7} {"FDE@1s",7} {"ADE@2s",7} {"FDE@2s",7}   FDE / best baseline @1s @2s   / CV @1s @2s"));
        foreach (var f in folds)
        {
            var m = f.Model;
            text.AppendLine(string.Create(C, $"{f.LeftOut} (trained on {string.Join(", ", f.TrainedOn)}; prior speed x{m.PriorSpeedScale:F3}, tau {m.PriorTau} s, yaw {m.PriorYawSource}; {f.Elapsed:mm\\:ss})"));
            Row(text, "  model (guarded)", f.At1.Model!, f.At2.Model!, f);
            Row(text, "  model (unguarded)", f.At1.Unguarded!, f.At2.Unguarded!, f);
            Row(text, "  calibrated prior", f.At1.Prior!, f.At2.Prior!, null);
            Row(text, "  cv", f.At1.ConstantVelocity, f.At2.ConstantVelocity, null);
            Row(text, "  ctrv", f.At1.ConstantTurnRate, f.At2.ConstantTurnRate, null);
            text.AppendLine("  " + EvalCommand.GuardLine(f.At2));
            Uncertainty(text, f);
        }

        text.AppendLine("model FDE / best of (CV, CTRV, calibrated), over folds        mean@1s worst@1s  mean@2s worst@2s");
        Aggregate(text, "  guarded", folds, (f, r) => r.Model!.Fde / r.BestBaselineFde);
        Aggregate(text, "  unguarded", folds, (f, r) => r.Unguarded!.Fde / r.BestBaselineFde);
        Aggregate(text, "  guarded / CV", folds, (f, r) => r.Model!.Fde / r.ConstantVelocity.Fde);
        Aggregate(text, "  unguarded / CV", folds, (f, r) => r.Unguarded!.Fde / r.ConstantVelocity.Fde);
        Aggregate(text, "  calibrated / CV", folds, (f, r) => r.Prior!.Fde / r.ConstantVelocity.Fde);
        UncertaintyAggregate(text, folds);
        text.Append(string.Create(C, $"time {timing.Wall:mm\\:ss} wall, {timing.Cpu:mm\\:ss} CPU"));
        return text.ToString();
    }

    public static string ToJson(IReadOnlyList<FoldResult> folds, TrainingOptions options, CrossvalTiming timing)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("recipe", Recipe(options));
            w.WriteNumber("wall_s", Math.Round(timing.Wall.TotalSeconds, 1));
            w.WriteNumber("cpu_s", Math.Round(timing.Cpu.TotalSeconds, 1));
            w.WriteStartArray("folds");
            foreach (var f in folds)
            {
                w.WriteStartObject();
                w.WriteString("left_out", f.LeftOut);
                w.WriteStartArray("trained_on");
                foreach (var t in f.TrainedOn)
                {
                    w.WriteStringValue(t);
                }

                w.WriteEndArray();
                w.WriteStartObject("prior");
                w.WriteNumber("speed_scale", Math.Round(f.Model.PriorSpeedScale, 4));
                w.WriteNumber("tau_s", f.Model.PriorTau);
                w.WriteString("yaw_source", f.Model.PriorYawSource.ToString());
                w.WriteEndObject();
                foreach (var (name, r) in new[] { ("at_1s", f.At1), ("at_2s", f.At2) })
                {
                    w.WriteStartObject(name);
                    Stats(w, "model", r.Model!);
                    Stats(w, "model_unguarded", r.Unguarded!);
                    Stats(w, "calibrated", r.Prior!);
                    Stats(w, "cv", r.ConstantVelocity);
                    Stats(w, "ctrv", r.ConstantTurnRate);
                    w.WriteNumber("ratio_to_best", Math.Round(r.Model!.Fde / r.BestBaselineFde, 4));
                    w.WriteNumber("ratio_to_best_unguarded", Math.Round(r.Unguarded!.Fde / r.BestBaselineFde, 4));
                    w.WriteNumber("ratio_to_cv", Math.Round(r.Model!.Fde / r.ConstantVelocity.Fde, 4));
                    w.WriteNumber("mean_guard_gain", Math.Round(r.MeanGuardGain, 4));
                    EvalCommand.WriteCorrection(w, r);
                    w.WriteEndObject();
                }

                if (f.Coverage is { } coverage)
                {
                    w.WriteStartObject("uncertainty");
                    w.WriteString("method", f.Model.Uncertainty!.Method.ToString().ToLowerInvariant());
                    CoverageReport.Json(w, "model", coverage, h => h.Model);
                    CoverageReport.Json(w, "model_yaw", coverage, h => h.Yaw);
                    if (f.Int8Coverage is { } int8)
                    {
                        CoverageReport.Json(w, "model_int8", int8, h => h.Model);
                    }

                    CoverageReport.Json(w, "cv_gaussian", coverage, h => h.Baseline);
                    foreach (var (method, alternative) in f.Alternatives)
                    {
                        CoverageReport.Json(w, "method_" + method.ToString().ToLowerInvariant(), alternative, h => h.Model);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("aggregate");
            foreach (var (name, ratio) in new (string, Func<EvaluationResult, double>)[]
            {
                ("guarded", r => r.Model!.Fde / r.BestBaselineFde),
                ("unguarded", r => r.Unguarded!.Fde / r.BestBaselineFde),
                ("guarded_to_cv", r => r.Model!.Fde / r.ConstantVelocity.Fde),
                ("unguarded_to_cv", r => r.Unguarded!.Fde / r.ConstantVelocity.Fde),
            })
            {
                w.WriteStartObject(name);
                foreach (var (h, pick) in new (string, Func<FoldResult, EvaluationResult>)[] { ("1s", f => f.At1), ("2s", f => f.At2) })
                {
                    var values = folds.Select(f => ratio(pick(f))).ToList();
                    w.WriteNumber("mean_" + h, Math.Round(values.Average(), 4));
                    w.WriteNumber("worst_" + h, Math.Round(values.Max(), 4));
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string Recipe(TrainingOptions o) => string.Create(C,
        $"H={o.HiddenSize}, members {o.Members}, mirror {(o.Mirror ? "on" : "off")}, speed augment {o.SpeedAugment}, turn augment {o.TurnAugment}, dropout {o.Dropout}, weight average {o.WeightAverageDecay}, shrink {(o.ShrinkResidual ? "on" : "off")}, huber {o.HuberDelta}, balanced {(o.BalancedLoss ? "on" : "off")}, hold-out {o.HoldoutFraction}, calibrated prior {(o.CalibratePrior ? "on" : "off")}, epochs {o.Epochs}, patience {o.Patience}, lr {o.LearningRate}, input noise {o.InputNoise}, seed {o.Seed}");

    private static void Uncertainty(StringBuilder text, FoldResult f)
    {
        if (f.Coverage is not { } coverage)
        {
            text.AppendLine("  uncertainty: none (the recipe fitted none: no held-out data or --uncertainty none)");
            return;
        }

        CoverageReport.Header(text, coverage, "  ");
        CoverageReport.Row(text, $"model ({f.Model.Uncertainty!.Method.ToString().ToLowerInvariant()})", coverage, h => h.Model, "  ");
        if (f.Int8Coverage is { } int8)
        {
            CoverageReport.Row(text, "model int8", int8, h => h.Model, "  ");
        }

        CoverageReport.Row(text, "model yaw (1-D NLL)", coverage, h => h.Yaw, "  ");
        CoverageReport.ErrorRow(text, "model yaw |error| (rad)", coverage, h => h.Yaw, "  ");
        foreach (var (method, alternative) in f.Alternatives)
        {
            CoverageReport.Row(text, "  method " + method.ToString().ToLowerInvariant(), alternative, h => h.Model, "  ");
        }

        CoverageReport.Row(text, "cv gaussian (baseline)", coverage, h => h.Baseline, "  ");
    }

    private static void UncertaintyAggregate(StringBuilder text, IReadOnlyList<FoldResult> folds)
    {
        var scored = folds.Where(f => f.Coverage is not null).ToList();
        if (scored.Count == 0)
        {
            return;
        }

        text.AppendLine("uncertainty over folds (left-out recordings): mean [worst] of in50 (target 42-58 %), in90 (85-95 %), NLL - baseline NLL (< 0 beats CV gaussian)");
        foreach (var (h, i) in scored[0].Coverage!.Select((h, i) => (h.Seconds, i)))
        {
            var in50 = scored.Select(f => 100 * f.Coverage![i].Model.Inside50).ToList();
            var in90 = scored.Select(f => 100 * f.Coverage![i].Model.Inside90).ToList();
            var gap = scored.Select(f => f.Coverage![i].Model.MeanNll - f.Coverage![i].Baseline.MeanNll).ToList();
            var yaw50 = scored.Select(f => 100 * f.Coverage![i].Yaw.Inside50).ToList();
            var yaw90 = scored.Select(f => 100 * f.Coverage![i].Yaw.Inside90).ToList();
            text.AppendLine(string.Create(C, $"  @{h:0.#}s  in50 {in50.Average():F1} [{in50.MinBy(v => -Math.Abs(v - 50)):F1}]  in90 {in90.Average():F1} [{in90.MinBy(v => -Math.Abs(v - 90)):F1}]  NLL gap {SignedFigure.Format(gap.Average(), 3)} [{SignedFigure.Format(gap.Max(), 3)}]  yaw in50 {yaw50.Average():F1} [{yaw50.MinBy(v => -Math.Abs(v - 50)):F1}]  yaw in90 {yaw90.Average():F1} [{yaw90.MinBy(v => -Math.Abs(v - 90)):F1}]"));
        }

        Int8Summary(text, scored);
    }

    // The int8 model's coverage as the float one's above (mean over folds), and how far apart the two
    // come: in the mean over folds and in the fold where they differ most (a short run has few anchors,
    // each near a region's edge worth a fraction of a point there).
    private static void Int8Summary(StringBuilder text, List<FoldResult> scored)
    {
        if (scored.Any(f => f.Int8Coverage is null))
        {
            return;
        }

        text.AppendLine("int8 coverage over folds: mean in50, in90; int8 - float in the mean over folds [in the fold where they differ most]");
        foreach (var (h, i) in scored[0].Coverage!.Select((h, i) => (h.Seconds, i)))
        {
            var float50 = scored.Select(f => 100 * f.Coverage![i].Model.Inside50).ToList();
            var float90 = scored.Select(f => 100 * f.Coverage![i].Model.Inside90).ToList();
            var int50 = scored.Select(f => 100 * f.Int8Coverage![i].Model.Inside50).ToList();
            var int90 = scored.Select(f => 100 * f.Int8Coverage![i].Model.Inside90).ToList();
            var gap50 = int50.Zip(float50, (a, b) => a - b).MaxBy(Math.Abs);
            var gap90 = int90.Zip(float90, (a, b) => a - b).MaxBy(Math.Abs);
            text.AppendLine(string.Create(C, $"  @{h:0.#}s  in50 {int50.Average():F1} ({SignedFigure.Format(int50.Average() - float50.Average(), 1)} [{SignedFigure.Format(gap50, 1)}])  in90 {int90.Average():F1} ({SignedFigure.Format(int90.Average() - float90.Average(), 1)} [{SignedFigure.Format(gap90, 1)}])"));
        }
    }

    private static void Stats(Utf8JsonWriter w, string name, ErrorStats s)
    {
        w.WriteStartObject(name);
        w.WriteNumber("ade", Math.Round(s.Ade, 4));
        w.WriteNumber("fde", Math.Round(s.Fde, 4));
        w.WriteEndObject();
    }

    private static void Row(StringBuilder text, string name, ErrorStats at1, ErrorStats at2, FoldResult? ratios)
    {
        var tail = ratios is null ? string.Empty : string.Create(C,
            $"   {at1.Fde / ratios.At1.BestBaselineFde,13:F3} {at2.Fde / ratios.At2.BestBaselineFde,5:F3}   {at1.Fde / ratios.At1.ConstantVelocity.Fde,10:F3} {at2.Fde / ratios.At2.ConstantVelocity.Fde,5:F3}");
        text.AppendLine(string.Create(C, $"{name,-22} {at1.Ade,7:F3} {at1.Fde,7:F3} {at2.Ade,7:F3} {at2.Fde,7:F3}{tail}"));
    }

    private static void Aggregate(StringBuilder text, string name, IReadOnlyList<FoldResult> folds, Func<FoldResult, EvaluationResult, double> ratio)
    {
        var at1 = folds.Select(f => ratio(f, f.At1)).ToList();
        var at2 = folds.Select(f => ratio(f, f.At2)).ToList();
        text.AppendLine(string.Create(C, $"{name,-60} {at1.Average(),7:F3} {at1.Max(),8:F3}  {at2.Average(),7:F3} {at2.Max(),8:F3}"));
    }
}
