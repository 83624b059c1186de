using System.CommandLine;
using System.Globalization;
using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.Quantisation;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Quantising;
using EdgeLstm.Worker.Commands;
using EdgeLstm.Worker.Errors;

namespace EdgeLstm.Tools.Commands;

/// <summary><c>edge-lstm quantize</c>: post-training int8 quantisation calibrated on replay files.</summary>
public static class QuantizeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "float32 model file to quantise", Required = true };
        var calib = new Option<string[]>("--calib") { Description = "calibration replay files (the float model runs over every frame)", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "int8 model file to write", Required = true };
        var percentile = new Option<double>("--percentile")
        {
            Description = "each feature's range from this percentile of its |x| (100 = the maximum: nothing clipped)",
            DefaultValueFactory = _ => Quantiser.DefaultPercentile,
        };
        var command = new Command("quantize", "Quantise a float model to int8 (per-row weight scales, each input feature's range calibrated)") { model, calib, output, percentile };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var modelPath = parse.GetValue(model)!;
            var outPath = parse.GetValue(output)!;
            var ensemble = ModelLoader.LoadFloatEnsemble(modelPath);
            var floatModel = ensemble.Members[0];
            var config = ensemble.Config;
            var files = parse.GetValue(calib)!;
            var calibration = TerminalProgress.Run($"calibrating on {files.Length} file(s)", files.Length + 1, bar =>
            {
                var recordings = new List<Recording>();
                foreach (var file in files)
                {
                    recordings.Add(RecordingLoader.Load(file, config.FrameRateHz, config.HorizonSteps, config.StepSeconds));
                    bar.Report(recordings.Count, $"loaded {Path.GetFileName(file)}");
                }

                var result = Quantiser.Calibrate(floatModel, recordings, parse.GetValue(percentile));
                bar.Report(files.Length + 1, "calibrated");
                return result;
            }, _ => { });
            // One input scale for every member: they share the features and their normalisation.
            var (int8Config, members) = Quantiser.Quantise(ensemble, calibration);
            Int8EnsembleModelFile.Save(outPath, int8Config, members);

            var c = CultureInfo.InvariantCulture;
            var floatBytes = new FileInfo(modelPath).Length;
            var int8Bytes = new FileInfo(outPath).Length;
            Console.WriteLine(string.Create(c, $"calibrated on {calibration.Frames} frames from {calibration.Files} file(s) ({calibration.SkippedFrames} without sensor data skipped)"));
            Console.WriteLine(string.Create(c, $"max |x| per feature: {string.Join(", ", config.Features.Select((f, i) => $"{f.Name} {calibration.FeatureMaxAbs[i]:F3}"))}"));
            Console.WriteLine(string.Create(c, $"each feature's range equalised to {Quantiser.Headroom} x its percentile {calibration.Percentile} of |x| ({calibration.FeatureClippedFraction:P3} of calibration values above that percentile); input scale s_x = 1/127 (one pooled scale would have been {calibration.InputScale:G5})"));
            Console.WriteLine(string.Create(c, $"wrote {outPath} ({int8Bytes} bytes, {int8Bytes / (double)floatBytes:P1} of the float model's {floatBytes} bytes)"));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
