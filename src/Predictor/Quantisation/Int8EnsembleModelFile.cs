using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.ModelFiles;


namespace EdgeLstm.Predictor.Quantisation;

/// <summary>Saves and loads int8 ensembles: each member as <see cref="Int8ModelFile"/> lays it out, prefixed by <see cref="MemberTensors"/>.</summary>
public static class Int8EnsembleModelFile
{
    public static void Save(string path, ModelConfig config, IReadOnlyList<QuantisedLstmWeights> members) =>
        ModelFile.Write(path, config with { Quantisation = QuantisationMode.Int8, Members = members.Count }, [.. members.SelectMany((m, i) => MemberTensors.Named(i, Int8ModelFile.ToTensors(config, m)))]);

    public static IReadOnlyList<QuantisedLstmWeights> FromTensors(string path, ModelConfig config, IReadOnlyDictionary<string, TensorData> tensors) =>
        [.. Enumerable.Range(0, config.Members).Select(m => Int8ModelFile.FromTensors(path, config, MemberTensors.Of(m, tensors)))];
}
