using EdgeLstm.Predictor.Model;



namespace EdgeLstm.Tools.Onnx;

/// <summary>
/// What an imported model needs beyond its weights. Each value given here overrides the one in
/// the file's metadata_props; features with their mean and std are required from one or the other.
/// </summary>
public sealed record OnnxImportOptions
{
    public string? Name { get; init; }

    public IReadOnlyList<string>? Features { get; init; }

    public IReadOnlyList<float>? Mean { get; init; }

    public IReadOnlyList<float>? Std { get; init; }

    /// <summary>One value for every output, or 3K values; default 1 (the head predicts the path itself).</summary>
    public IReadOnlyList<float>? OutputScale { get; init; }

    /// <summary>Default <see cref="PriorKind.None"/>: a model trained elsewhere predicts the path itself.</summary>
    public PriorKind? Prior { get; init; }

    public double? PriorTau { get; init; }

    public double? FrameRateHz { get; init; }

    public double? StepSeconds { get; init; }
}
