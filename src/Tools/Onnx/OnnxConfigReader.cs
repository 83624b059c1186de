using System.Globalization;
using EdgeLstm.Predictor.Features;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Tools.Onnx.Proto;

namespace EdgeLstm.Tools.Onnx;

/// <summary>The model's configuration from the ONNX metadata_props (features, normalisation, prior, rates) and the graph's sizes.</summary>
internal static class OnnxConfigReader
{
    public static ModelConfig BuildConfig(ModelProto model, OnnxImportOptions options, string source, int hiddenSize, int inputSize, int horizonSteps)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in model.MetadataProps)
        {
            metadata[entry.Key] = entry.Value;
        }

        var names = options.Features ?? List(metadata, OnnxMetadata.Features, s => s)
            ?? throw new ArgumentException($"no feature names: metadata '{OnnxMetadata.Features}' is absent; pass --features");
        var mean = options.Mean ?? List(metadata, OnnxMetadata.FeatureMean, Float)
            ?? throw new ArgumentException($"no feature means: metadata '{OnnxMetadata.FeatureMean}' is absent; pass --mean");
        var std = options.Std ?? List(metadata, OnnxMetadata.FeatureStd, Float)
            ?? throw new ArgumentException($"no feature standard deviations: metadata '{OnnxMetadata.FeatureStd}' is absent; pass --std");
        if (names.Count != inputSize || mean.Count != inputSize || std.Count != inputSize)
        {
            throw new ArgumentException($"the LSTM takes I = {inputSize} inputs but {names.Count} feature names, {mean.Count} means and {std.Count} stds are given");
        }

        foreach (var name in names)
        {
            if (!FeatureExtractor.IsKnown(name))
            {
                throw new ArgumentException($"unknown feature '{name}'");
            }
        }

        var outputs = ModelConfig.PoseDims * horizonSteps;
        var scale = options.OutputScale ?? List(metadata, OnnxMetadata.OutputScale, Float) ?? [1f];
        if (scale.Count != 1 && scale.Count != outputs)
        {
            throw new ArgumentException($"{scale.Count} output scales given; expected 1 or 3K = {outputs}");
        }

        var prior = options.Prior
            ?? (metadata.TryGetValue(OnnxMetadata.Prior, out var p) ? Enum.TryParse<PriorKind>(p, ignoreCase: true, out var kind) ? kind : throw new ArgumentException($"metadata '{OnnxMetadata.Prior}' is '{p}', not a known prior") : PriorKind.None);
        var defaults = new ModelConfig { Name = "defaults", HiddenSize = 1, Features = [], OutputScale = [] };
        if (metadata.TryGetValue(OnnxMetadata.HorizonSteps, out var k) && k != horizonSteps.ToString(CultureInfo.InvariantCulture))
        {
            throw new ArgumentException($"metadata '{OnnxMetadata.HorizonSteps}' is {k} but the head has 3K = {outputs} outputs");
        }

        var config = new ModelConfig
        {
            Name = options.Name ?? (metadata.TryGetValue(OnnxMetadata.Name, out var n) ? n : model.Graph.Name.Length > 0 ? model.Graph.Name : Path.GetFileNameWithoutExtension(source)),
            HiddenSize = hiddenSize,
            HorizonSteps = horizonSteps,
            StepSeconds = options.StepSeconds ?? Number(metadata, OnnxMetadata.StepSeconds) ?? defaults.StepSeconds,
            FrameRateHz = options.FrameRateHz ?? Number(metadata, OnnxMetadata.FrameRateHz) ?? defaults.FrameRateHz,
            Prior = prior,
            PriorTau = options.PriorTau ?? Number(metadata, OnnxMetadata.PriorTau) ?? defaults.PriorTau,
            PriorSpeedScale = Number(metadata, OnnxMetadata.PriorSpeedScale) ?? defaults.PriorSpeedScale,
            PriorYawSource = metadata.TryGetValue(OnnxMetadata.PriorYawSource, out var y) && Enum.TryParse<PriorYawSource>(y, ignoreCase: true, out var yawSource) ? yawSource : defaults.PriorYawSource,
            Provenance = metadata.TryGetValue(OnnxMetadata.Provenance, out var provenance) ? provenance : string.Empty,
            Uncertainty = ImportUncertainty(metadata),
            Features = [.. names.Select((name, i) => new FeatureSpec(name, mean[i], std[i]))],
            OutputScale = scale.Count == 1 ? [.. Enumerable.Repeat(scale[0], outputs)] : [.. scale],
            Quantisation = QuantisationMode.Float32,
        };
        config.Validate();
        return config;
    }

    private static UncertaintyModel? ImportUncertainty(Dictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(OnnxMetadata.UncertaintyMethod, out var text) || text == "none")
        {
            return null;
        }

        if (!Enum.TryParse<UncertaintyMethod>(text, ignoreCase: true, out var method))
        {
            throw new ArgumentException($"metadata '{OnnxMetadata.UncertaintyMethod}' is '{text}', not a known method");
        }

        var floors = List(metadata, OnnxMetadata.UncertaintyFloors, Float) ?? throw new ArgumentException($"metadata '{OnnxMetadata.UncertaintyFloors}' is absent");
        if (floors.Count != 4)
        {
            throw new ArgumentException($"metadata '{OnnxMetadata.UncertaintyFloors}' holds {floors.Count} values, expected 4");
        }

        float[] Required(string key) => [.. List(metadata, key, Float) ?? throw new ArgumentException($"metadata '{key}' is absent")];
        var baseline = Required(OnnxMetadata.UncertaintyBaselineSigma);

        // One ν (exports before ν per step) holds for every step; absent, Gaussian. The model's own
        // validation refuses a ν ≤ 1 or a list of the wrong length, naming the field.
        float[] DegreesOfFreedom(string key)
        {
            var values = List(metadata, key, Float) ?? [float.PositiveInfinity];
            return values.Count == 1 ? [.. Enumerable.Repeat(values[0], baseline.Length)] : [.. values];
        }

        var nu = DegreesOfFreedom(OnnxMetadata.UncertaintyDegreesOfFreedom);
        var yawNu = DegreesOfFreedom(OnnxMetadata.UncertaintyYawDegreesOfFreedom);

        // Exports before the driving-activity inputs: four inputs per row, no activity metadata.
        var coefficients = Required(OnnxMetadata.UncertaintyCoefficients);
        var rows = baseline.Length * UncertaintyModel.Axes;
        if (coefficients.Length == rows * UncertaintyModel.InputsWithoutActivity)
        {
            coefficients = UncertaintyModel.WithoutActivity(coefficients);
        }

        var activity = List(metadata, OnnxMetadata.UncertaintyActivity, Float)
            ?? [UncertaintyModel.DefaultActivityWindowSeconds, UncertaintyModel.DefaultActivityFloor, UncertaintyModel.DefaultActivityFloor];
        if (activity.Count != 3)
        {
            throw new ArgumentException($"metadata '{OnnxMetadata.UncertaintyActivity}' holds {activity.Count} values, expected 3");
        }

        return new UncertaintyModel
        {
            Method = method,
            Coefficients = coefficients,
            ActivityWindowSeconds = activity[0],
            SpeedActivityFloor = activity[1],
            TurnActivityFloor = activity[2],
            CalibrationScale = Required(OnnxMetadata.UncertaintyScale),
            BaselineSigma = baseline,
            SpeedFloor = floors[0],
            TurnFloor = floors[1],
            PositionSpreadFloor = floors[2],
            YawSpreadFloor = floors[3],
            Provenance = metadata.TryGetValue(OnnxMetadata.UncertaintyProvenance, out var provenance) ? provenance : string.Empty,
            StepDegreesOfFreedom = nu,
            YawDegreesOfFreedom = yawNu,
        };
    }

    public static List<T>? List<T>(Dictionary<string, string> metadata, string key, Func<string, T> parse) =>
        metadata.TryGetValue(key, out var text) ? [.. text.Split(',', StringSplitOptions.TrimEntries).Select(parse)] : null;

    public static double? Number(Dictionary<string, string> metadata, string key)
    {
        if (!metadata.TryGetValue(key, out var text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"metadata '{key}' is {Shown(text)}, not a number");
    }

    public static float Float(string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new ArgumentException($"{Shown(text)} in the metadata is not a number");

    /// <summary>A metadata value for a one-line error: quoted, control characters escaped, at most 32 characters.</summary>
    private static string Shown(string text)
    {
        var cut = text.Length > 32 ? text[..32] : text;
        var shown = string.Concat(cut.Select(c => char.IsControl(c) ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : new string(c, 1)));
        return $"'{shown}{(text.Length > 32 ? "..." : string.Empty)}'";
    }
}
