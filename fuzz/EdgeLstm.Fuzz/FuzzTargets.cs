namespace EdgeLstm.Fuzz;

/// <summary>The fuzz targets by name: each takes one input and lets only a finding escape.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["replay"] = ReplayTarget.Plain,
        ["replay-gzip"] = ReplayTarget.Gzip,
        ["elstm"] = ModelFileTarget.Run,
        ["onnx"] = OnnxTarget.Run,
        ["config"] = ConfigurationTarget.Run,
        ["payload"] = PayloadTarget.Run,
    };
}
