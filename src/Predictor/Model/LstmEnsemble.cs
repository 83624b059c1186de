namespace EdgeLstm.Predictor.Model;

/// <summary>
/// Members trained alike from different seeds, sharing one configuration (features, normalisation,
/// output scale, prior); the residual is the members' mean. One member is a plain network.
/// </summary>
public sealed class LstmEnsemble
{
    public LstmEnsemble(ModelConfig config, IReadOnlyList<LstmWeights> members)
    {
        if (members.Count != config.Members)
        {
            throw new ArgumentException($"{members.Count} member weights, the config says {config.Members}", nameof(members));
        }

        Config = config;
        Members = [.. members.Select(w => new LstmModel(config, w))];
    }

    public ModelConfig Config { get; }

    public IReadOnlyList<LstmModel> Members { get; }

    /// <summary>Members as one ensemble (their configs must agree apart from the member count).</summary>
    public static LstmEnsemble Of(IReadOnlyList<LstmModel> members) =>
        new(members[0].Config with { Members = members.Count }, [.. members.Select(m => m.Weights)]);
}
