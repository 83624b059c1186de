using EdgeLstm.Predictor.Model;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Features;

/// <summary>
/// Turns a frame into the model's input vector, in the order and with the normalisation the model
/// stores: x̂_i = (x_i − mean_i) / std_i. Feature names are resolved to accessors once, at load.
/// </summary>
public sealed class FeatureExtractor
{
    /// <summary>The features a new model is trained on.</summary>
    public static IReadOnlyList<string> DefaultFeatures { get; } = ["v", "w", "gz", "ax", "ay", "gap"];

    /// <summary>Every feature name a model may list, in the order <see cref="FeatureKind"/> declares them.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = ["v", "w", "gx", "gy", "gz", "ax", "ay", "az", "gap"];

    private readonly FeatureKind[] _kinds;
    private readonly float[] _mean;
    private readonly float[] _inverseStd;

    public FeatureExtractor(IReadOnlyList<FeatureSpec> features)
    {
        _kinds = new FeatureKind[features.Count];
        _mean = new float[features.Count];
        _inverseStd = new float[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            _kinds[i] = Parse(features[i].Name);
            _mean[i] = features[i].Mean;
            _inverseStd[i] = 1f / features[i].Std;
        }
    }

    public static bool IsKnown(string name) => KnownNames.Contains(name);

    /// <summary>The raw (unnormalised) value of a named feature; used to compute statistics.</summary>
    public static double Raw(string name, in Frame frame) => Value(Parse(name), in frame);

    /// <summary>Writes the normalised features of <paramref name="frame"/> into <paramref name="destination"/>.</summary>
    public void Extract(in Frame frame, Span<float> destination)
    {
        for (var i = 0; i < _kinds.Length; i++)
        {
            destination[i] = (float)((Value(_kinds[i], in frame) - _mean[i]) * _inverseStd[i]);
        }
    }

    // A switch on a kind resolved at load: no string compare or delegate call per frame.
    private static double Value(FeatureKind kind, in Frame f) => kind switch
    {
        FeatureKind.V => f.V,
        FeatureKind.W => f.W,
        FeatureKind.Gx => f.Gx,
        FeatureKind.Gy => f.Gy,
        FeatureKind.Gz => f.Gz,
        FeatureKind.Ax => f.Ax,
        FeatureKind.Ay => f.Ay,
        FeatureKind.Az => f.Az,
        _ => (f.Quality & (FrameQuality.ImuGap | FrameQuality.OdometryGap | FrameQuality.SensorFault)) != 0 ? 1.0 : 0.0,
    };

    private static FeatureKind Parse(string name) => name switch
    {
        "v" => FeatureKind.V,
        "w" => FeatureKind.W,
        "gx" => FeatureKind.Gx,
        "gy" => FeatureKind.Gy,
        "gz" => FeatureKind.Gz,
        "ax" => FeatureKind.Ax,
        "ay" => FeatureKind.Ay,
        "az" => FeatureKind.Az,
        "gap" => FeatureKind.Gap,
        _ => throw new ArgumentException($"unknown feature '{name}' (known: {string.Join(", ", KnownNames)})", nameof(name)),
    };

    private enum FeatureKind : byte
    {
        V,
        W,
        Gx,
        Gy,
        Gz,
        Ax,
        Ay,
        Az,
        Gap,
    }
}
