using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeLstm.Tools.Evaluation;

namespace EdgeLstm.Tools.Commands;

/// <summary>The uncertainty part of eval's and crossval's reports: coverage of the 50 % and 90 % regions and mean NLL per horizon.</summary>
internal static class CoverageReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Header(StringBuilder text, IReadOnlyList<HorizonCoverage> horizons, string indent)
    {
        text.Append(string.Create(C, $"{indent}{"uncertainty",-24}"));
        foreach (var h in horizons)
        {
            text.Append(string.Create(C, $"   in50 in90  NLL@{h.Seconds:0.#}s"));
        }

        text.AppendLine();
    }

    public static void Row(StringBuilder text, string name, IReadOnlyList<HorizonCoverage> horizons, Func<HorizonCoverage, CoverageStats> pick, string indent)
    {
        text.Append(string.Create(C, $"{indent}{name,-24}"));
        foreach (var h in horizons)
        {
            var s = pick(h);
            text.Append(string.Create(C, $"   {100 * s.Inside50,4:F1} {100 * s.Inside90,4:F1} {s.MeanNll,7:F3}"));
        }

        text.AppendLine();
    }

    /// <summary>The mean |error| of each horizon's prediction (the heading's, in radians).</summary>
    public static void ErrorRow(StringBuilder text, string name, IReadOnlyList<HorizonCoverage> horizons, Func<HorizonCoverage, CoverageStats> pick, string indent)
    {
        text.Append(string.Create(C, $"{indent}{name,-24}"));
        foreach (var h in horizons)
        {
            text.Append(string.Create(C, $"   {pick(h).MeanAbsoluteError,17:F3}"));
        }

        text.AppendLine();
    }

    public static void Json(Utf8JsonWriter w, string name, IReadOnlyList<HorizonCoverage> horizons, Func<HorizonCoverage, CoverageStats> pick)
    {
        w.WriteStartObject(name);
        foreach (var h in horizons)
        {
            var s = pick(h);
            w.WriteStartObject(string.Create(C, $"at_{h.Seconds:0.#}s"));
            w.WriteNumber("inside_50", Math.Round(s.Inside50, 4));
            w.WriteNumber("inside_90", Math.Round(s.Inside90, 4));
            w.WriteNumber("mean_nll", Math.Round(s.MeanNll, 4));
            if (double.IsFinite(s.MeanAbsoluteError))
            {
                w.WriteNumber("mean_abs_error", Math.Round(s.MeanAbsoluteError, 4));
            }

            w.WriteString("verdict", CoverageEvaluator.Verdict(s));
            w.WriteStartArray("reliability");
            for (var i = 0; i < CoverageEvaluator.NominalLevels.Count; i++)
            {
                w.WriteStartArray();
                w.WriteNumberValue(CoverageEvaluator.NominalLevels[i]);
                w.WriteNumberValue(Math.Round(s.Observed[i], 4));
                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
