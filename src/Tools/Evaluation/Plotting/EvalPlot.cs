using ScottPlot;

namespace EdgeLstm.Tools.Evaluation.Plotting;

/// <summary>
/// The PNG of <c>eval --plot</c>: left, predicted paths over the true track of a stretch of the first
/// recording; right, mean displacement error against horizon for the model and the baselines.
/// Rendered headless with ScottPlot (SkiaSharp), so it works on a server without a display.
/// </summary>
internal static class EvalPlot
{
    private const int Width = 1400;
    private const int Height = 640;

    private static readonly Color ModelColor = Color.FromHex("#d62728");
    private static readonly Color CvColor = Color.FromHex("#1f77b4");
    private static readonly Color CtrvColor = Color.FromHex("#2ca02c");
    private static readonly Color TrackColor = Color.FromHex("#404040");

    public static void Save(string path, EvaluationResult result, PathStretch? stretch, string modelName, double stepSeconds)
    {
        ArgumentNullException.ThrowIfNull(result);
        var multiplot = new Multiplot();
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var paths = multiplot.GetPlot(0); // a Multiplot starts with one plot
        var errors = multiplot.AddPlot();
        DrawPaths(paths, stretch);
        DrawErrors(errors, result, modelName, stepSeconds);
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
