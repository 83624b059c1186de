using EdgeLstm.Predictor.Model;



namespace EdgeLstm.Predictor.ModelFiles;

/// <summary>Saves and loads float32 <see cref="LstmModel"/>s through <see cref="ModelFile"/>.</summary>
public static class FloatModelFile
{
    public static void Save(string path, LstmModel model) => ModelFile.Write(path, model.Config with { Quantisation = QuantisationMode.Float32 }, ToTensors(model));

    public static IReadOnlyList<TensorData> ToTensors(LstmModel model)
    {
        var c = model.Config;
        var w = model.Weights;
        return
        [
            TensorData.Of(TensorNames.InputWeights, w.InputWeights, c.GateRows, c.InputSize),
            TensorData.Of(TensorNames.RecurrentWeights, w.RecurrentWeights, c.GateRows, c.HiddenSize),
            TensorData.Of(TensorNames.GateBias, w.GateBias, c.GateRows),
            TensorData.Of(TensorNames.HeadWeights, w.HeadWeights, c.OutputSize, c.HiddenSize),
            TensorData.Of(TensorNames.HeadBias, w.HeadBias, c.OutputSize),
        ];
    }

    /// <summary>Builds the float model from a file's tensors, checking every shape against the header.</summary>
    public static LstmModel FromTensors(string path, ModelConfig config, IReadOnlyDictionary<string, TensorData> tensors)
    {
        var weights = new LstmWeights(config.InputSize, config.HiddenSize, config.OutputSize);
        Copy(path, tensors, TensorNames.InputWeights, weights.InputWeights, config.GateRows, config.InputSize);
        Copy(path, tensors, TensorNames.RecurrentWeights, weights.RecurrentWeights, config.GateRows, config.HiddenSize);
        Copy(path, tensors, TensorNames.GateBias, weights.GateBias, config.GateRows);
        Copy(path, tensors, TensorNames.HeadWeights, weights.HeadWeights, config.OutputSize, config.HiddenSize);
        Copy(path, tensors, TensorNames.HeadBias, weights.HeadBias, config.OutputSize);
        return new LstmModel(config, weights);
    }

    private static void Copy(string path, IReadOnlyDictionary<string, TensorData> tensors, string name, float[] destination, params int[] shape)
    {
        if (!tensors.TryGetValue(name, out var tensor) || tensor.Floats is null)
        {
            throw new ModelFormatException(path, $"tensor '{name}' (float32) is missing");
        }

        if (!tensor.Shape.SequenceEqual(shape))
        {
            throw new ModelFormatException(path, $"tensor '{name}' has shape ({string.Join(", ", tensor.Shape)}), expected ({string.Join(", ", shape)}) from the header");
        }

        foreach (var value in tensor.Floats)
        {
            if (!float.IsFinite(value))
            {
                throw new ModelFormatException(path, $"tensor '{name}' holds {value}");
            }
        }

        tensor.Floats.CopyTo(destination, 0);
    }
}
