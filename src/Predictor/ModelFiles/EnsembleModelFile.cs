using EdgeLstm.Predictor.Model;


namespace EdgeLstm.Predictor.ModelFiles;

/// <summary>Saves and loads float32 ensembles (one or more members) through <see cref="ModelFile"/>.</summary>
public static class EnsembleModelFile
{
    public static void Save(string path, LstmEnsemble ensemble) =>
        ModelFile.Write(path, ensemble.Config with { Quantisation = QuantisationMode.Float32 }, ToTensors(ensemble));

    public static IReadOnlyList<TensorData> ToTensors(LstmEnsemble ensemble) =>
        [.. ensemble.Members.SelectMany((m, i) => MemberTensors.Named(i, FloatModelFile.ToTensors(m)))];

    /// <summary>Every member, each checked against the header as a single model is.</summary>
    public static LstmEnsemble FromTensors(string path, ModelConfig config, IReadOnlyDictionary<string, TensorData> tensors) =>
        new(config, [.. Enumerable.Range(0, config.Members).Select(m => FloatModelFile.FromTensors(path, config, MemberTensors.Of(m, tensors)).Weights)]);
}
