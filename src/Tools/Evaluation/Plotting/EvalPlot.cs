using ScottPlot;

namespace EdgeLstm.Tools.Evaluation.Plotting;

/// <summary>
/// The PNG of <c>eval --plot</c>: left, predicted paths over the true track of a stretch of the first
/// recording with the model's 90 % regions; middle, mean displacement error against horizon for the
/// model and the baselines; right (a model with uncertainty), the reliability diagram: observed against
/// nominal coverage of the model's regions and of the CV-Gaussian baseline's.
/// Rendered headless with ScottPlot (SkiaSharp), so it works on a server without a display.
/// </summary>
internal static class EvalPlot
{
    private const int Width = 2000;
    private const int Height = 640;

    private static readonly Color ModelColor = Color.FromHex("#d62728");
    private static readonly Color CvColor = Color.FromHex("#1f77b4");
    private static readonly Color CtrvColor = Color.FromHex("#2ca02c");
    private static readonly Color TrackColor = Color.FromHex("#404040");

    public static void Save(string path, EvaluationResult result, PathStretch? stretch, string modelName, double stepSeconds, IReadOnlyList<HorizonCoverage>? coverage = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var multiplot = new Multiplot();
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var paths = multiplot.GetPlot(0); // a Multiplot starts with one plot
        var errors = multiplot.AddPlot();
        DrawPaths(paths, stretch);
        DrawErrors(errors, result, modelName, stepSeconds);
        DrawReliability(multiplot.AddPlot(), coverage);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        multiplot.SavePng(path, Width, Height);
    }

    private static void DrawPaths(Plot plot, PathStretch? stretch)
    {
        plot.XLabel("x (m)");
        plot.YLabel("y (m)");
        if (stretch is null)
        {
            plot.Title("no ground truth: predicted paths not drawn");
            return;
        }

        plot.Title($"{stretch.Name}, {stretch.Seconds:0} s from t = {stretch.StartSeconds:0} s");
        var track = plot.Add.ScatterLine(stretch.TrackX, stretch.TrackY, TrackColor);
        track.LineWidth = 2;
        track.LegendText = "actual (ground truth)";
        var first = true;
        foreach (var snapshot in stretch.Snapshots)
        {
            var predicted = plot.Add.ScatterLine(snapshot.PathX, snapshot.PathY, ModelColor.WithAlpha(0.85));
            predicted.LineWidth = 2;
            predicted.LegendText = first ? "predicted (model)" : string.Empty;
            foreach (var (i, region) in snapshot.Regions90.Select((r, i) => (i, r)))
            {
                var outline = plot.Add.ScatterLine(region.X, region.Y, ModelColor.WithAlpha(0.45));
                outline.LineWidth = 1;
                outline.LegendText = first && i == 0 ? "90 % region (every 0.5 s)" : string.Empty;
            }

            var anchor = plot.Add.Marker(snapshot.X, snapshot.Y, MarkerShape.FilledCircle, 7, ModelColor);
            anchor.LegendText = first ? "anchor" : string.Empty;
            first = false;
        }

        // Metres are metres both ways: a distorted aspect ratio would misdraw the curvature of the paths.
        plot.Axes.SquareUnits();
        plot.ShowLegend(Alignment.UpperLeft);
    }

    private static void DrawErrors(Plot plot, EvaluationResult result, string modelName, double stepSeconds)
    {
        plot.Title($"mean displacement error, {result.Anchors} anchors");
        plot.XLabel("horizon (s)");
        plot.YLabel("error (m)");
        if (result.Model is { } model)
        {
            AddCurve(plot, model, stepSeconds, ModelColor, $"model {modelName}");
        }

        AddCurve(plot, result.ConstantVelocity, stepSeconds, CvColor, "CV");
        AddCurve(plot, result.ConstantTurnRate, stepSeconds, CtrvColor, "CTRV");
        plot.Axes.SetLimitsX(0, result.HorizonSeconds * 1.02);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
    }

    private static readonly Color[] HorizonColors = [Color.FromHex("#ff7f0e"), Color.FromHex("#d62728"), Color.FromHex("#9467bd")];

    private static void DrawReliability(Plot plot, IReadOnlyList<HorizonCoverage>? coverage)
    {
        plot.XLabel("nominal coverage");
        plot.YLabel("observed coverage");
        if (coverage is null)
        {
            plot.Title("no uncertainty in this model: no reliability diagram");
            return;
        }

        plot.Title("reliability of the regions (diagonal = calibrated)");
        var diagonal = plot.Add.ScatterLine(new double[] { 0, 1 }, new double[] { 0, 1 }, TrackColor);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "ideal";
        var nominal = CoverageEvaluator.NominalLevels.ToArray();
        foreach (var (h, i) in coverage.Select((h, i) => (h, i)))
        {
            var color = HorizonColors[i % HorizonColors.Length];
            var model = plot.Add.Scatter(nominal, h.Model.Observed, color);
            model.LineWidth = 2;
            model.LegendText = $"model @{h.Seconds:0.#} s";
            var baseline = plot.Add.Scatter(nominal, h.Baseline.Observed, color.WithAlpha(0.5));
            baseline.LinePattern = LinePattern.Dotted;
            baseline.LegendText = $"CV gaussian @{h.Seconds:0.#} s";
        }

        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.UpperLeft);
    }

    private static void AddCurve(Plot plot, ErrorStats stats, double stepSeconds, Color color, string label)
    {
        // The error is 0 at the anchor itself; drawing that point anchors every curve at the origin.
        var xs = new double[stats.PerStep.Length + 1];
        var ys = new double[stats.PerStep.Length + 1];
        for (var k = 0; k < stats.PerStep.Length; k++)
        {
            xs[k + 1] = (k + 1) * stepSeconds;
            ys[k + 1] = stats.PerStep[k];
        }

        var line = plot.Add.Scatter(xs, ys, color);
        line.LineWidth = 2;
        line.MarkerSize = 4;
        line.LegendText = label;
    }
}
