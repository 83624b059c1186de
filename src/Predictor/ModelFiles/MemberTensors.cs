namespace EdgeLstm.Predictor.ModelFiles;

/// <summary>
/// Tensor names of ensemble members in one model file: member 0 keeps the single-network names (so
/// a one-member file is exactly today's layout), member m ≥ 1 prefixes them with "m{m}.".
/// </summary>
public static class MemberTensors
{
    public static string Prefix(int member) => member == 0 ? string.Empty : $"m{member}.";

    /// <summary>One member's tensors renamed into the file's names.</summary>
    public static IEnumerable<TensorData> Named(int member, IEnumerable<TensorData> tensors) =>
        member == 0 ? tensors : tensors.Select(t => Renamed(t, Prefix(member) + t.Name));

    /// <summary>One member's tensors under their single-network names.</summary>
    public static IReadOnlyDictionary<string, TensorData> Of(int member, IReadOnlyDictionary<string, TensorData> tensors)
    {
        var prefix = Prefix(member);
        var result = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            if (member == 0 ? !IsLaterMember(name) : name.StartsWith(prefix, StringComparison.Ordinal))
            {
                result[name[prefix.Length..]] = tensor;
            }
        }

        return result;
    }

    // "m3.lstm.W": a member m ≥ 1's tensor.
    private static bool IsLaterMember(string name) => name.Length > 2 && name[0] == 'm' && char.IsAsciiDigit(name[1]) && name.Contains('.');

    private static TensorData Renamed(TensorData t, string name) =>
        t.Floats is { } floats ? TensorData.Of(name, floats, t.Shape) : TensorData.Of(name, t.Bytes!, t.Shape);
}
