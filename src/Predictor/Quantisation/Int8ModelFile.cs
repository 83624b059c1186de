using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.ModelFiles;



namespace EdgeLstm.Predictor.Quantisation;

/// <summary>
/// Saves and loads int8 models through <see cref="ModelFile"/>. Tensors: "lstm.W.q" (4H, I) int8
/// and "lstm.W.scale" (4H), "lstm.U.q" (4H, H) and "lstm.U.scale" (4H), "lstm.b" (4H) float,
/// "head.W.q" (3K, H) and "head.W.scale" (3K), "head.b" (3K) float, "input.scale" (1).
/// </summary>
public static class Int8ModelFile
{
    public static void Save(string path, ModelConfig config, QuantisedLstmWeights weights) =>
        ModelFile.Write(path, config with { Quantisation = QuantisationMode.Int8 }, ToTensors(config, weights));

    public static IReadOnlyList<TensorData> ToTensors(ModelConfig config, QuantisedLstmWeights weights) =>
    [
        .. Matrix(TensorNames.InputWeights, weights.InputWeights),
        .. Matrix(TensorNames.RecurrentWeights, weights.RecurrentWeights),
        TensorData.Of(TensorNames.GateBias, weights.GateBias, config.GateRows),
        .. Matrix(TensorNames.HeadWeights, weights.HeadWeights),
        TensorData.Of(TensorNames.HeadBias, weights.HeadBias, config.OutputSize),
        TensorData.Of(TensorNames.InputScale, [weights.InputScale], 1),
    ];

    /// <summary>Builds the int8 weights from a file's tensors, checking every shape against the header.</summary>
    public static QuantisedLstmWeights FromTensors(string path, ModelConfig config, IReadOnlyDictionary<string, TensorData> tensors)
    {
        var w = ReadMatrix(path, tensors, TensorNames.InputWeights, config.GateRows, config.InputSize);
        var u = ReadMatrix(path, tensors, TensorNames.RecurrentWeights, config.GateRows, config.HiddenSize);
        var b = ReadFloats(path, tensors, TensorNames.GateBias, config.GateRows);
        var wy = ReadMatrix(path, tensors, TensorNames.HeadWeights, config.OutputSize, config.HiddenSize);
        var by = ReadFloats(path, tensors, TensorNames.HeadBias, config.OutputSize);
        var inputScale = ReadFloats(path, tensors, TensorNames.InputScale, 1)[0];
        try
        {
            return new QuantisedLstmWeights(w, u, b, wy, by, inputScale);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException(path, e.Message);
        }
    }

    private static TensorData[] Matrix(string name, QuantisedMatrix matrix) =>
    [
        TensorData.Of(name + TensorNames.QuantisedSuffix, matrix.ToUnpadded(), matrix.Rows, matrix.Columns),
        TensorData.Of(name + TensorNames.ScaleSuffix, (float[])matrix.Scales.Clone(), matrix.Rows),
    ];

    private static QuantisedMatrix ReadMatrix(string path, IReadOnlyDictionary<string, TensorData> tensors, string name, int rows, int columns)
    {
        var valuesName = name + TensorNames.QuantisedSuffix;
        if (!tensors.TryGetValue(valuesName, out var values) || values.Bytes is null)
        {
            throw new ModelFormatException(path, $"tensor '{valuesName}' (int8) is missing");
        }

        CheckShape(path, values, rows, columns);
        var scales = ReadFloats(path, tensors, name + TensorNames.ScaleSuffix, rows);
        try
        {
            return QuantisedMatrix.FromValues(values.Bytes, scales, rows, columns);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException(path, $"tensor '{valuesName}': {e.Message}");
        }
    }

    private static float[] ReadFloats(string path, IReadOnlyDictionary<string, TensorData> tensors, string name, params int[] shape)
    {
        if (!tensors.TryGetValue(name, out var tensor) || tensor.Floats is null)
        {
            throw new ModelFormatException(path, $"tensor '{name}' (float32) is missing");
        }

        CheckShape(path, tensor, shape);
        foreach (var value in tensor.Floats)
        {
            if (!float.IsFinite(value))
            {
                throw new ModelFormatException(path, $"tensor '{name}' holds {value}");
            }
        }

        return tensor.Floats;
    }

    private static void CheckShape(string path, TensorData tensor, params int[] shape)
    {
        if (!tensor.Shape.SequenceEqual(shape))
        {
            throw new ModelFormatException(path, $"tensor '{tensor.Name}' has shape ({string.Join(", ", tensor.Shape)}), expected ({string.Join(", ", shape)}) from the header");
        }
    }
}
