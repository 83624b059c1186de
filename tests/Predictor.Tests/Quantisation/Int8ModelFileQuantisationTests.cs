using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Predictor.Quantisation;


namespace EdgeLstm.Predictor.Tests.Quantisation;

public sealed class Int8ModelFileQuantisationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-lstm-int8-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Saved_Int8_Model_Loads_Back_Identically_And_Predicts_The_Same()
    {
        var model = RandomModels.Create(64, seed: 1);
        var weights = WeightQuantiser.Quantise(model.Weights, 0.05f);
        var path = Path.Combine(_directory, "m.elstm");
        Int8ModelFile.Save(path, model.Config, weights);

        var (config, tensors) = ModelFile.Read(path);
        Assert.Equal(QuantisationMode.Int8, config.Quantisation);
        var loaded = Int8ModelFile.FromTensors(path, config, tensors);
        Assert.Equal(weights.InputWeights.Values, loaded.InputWeights.Values);
        Assert.Equal(weights.RecurrentWeights.Values, loaded.RecurrentWeights.Values);
        Assert.Equal(weights.HeadWeights.Values, loaded.HeadWeights.Values);
        Assert.Equal(weights.RecurrentWeights.Scales, loaded.RecurrentWeights.Scales);
        Assert.Equal(weights.InputScale, loaded.InputScale);

        // ModelLoader picks the int8 kernel from the header.
        var predictor = ModelLoader.LoadPredictor(path);
        Assert.Equal(QuantisationMode.Int8, predictor.Config.Quantisation);
    }

    /// <summary>
    /// int8 values are a quarter of float32; what is left is per-row scales, float biases and the
    /// header. At H = 32 a row has only 38 values, so its 4-byte scales add ~10 % and the file is
    /// about a third of the float one; from the default H = 64 up it is under 30 %.
    /// </summary>
    [Theory]
    [InlineData(32, 0.35)]
    [InlineData(64, 0.30)]
    [InlineData(128, 0.30)]
    public void Int8_File_Is_At_Most_30_Percent_Of_The_Float_File_From_Hidden_64(int hiddenSize, double limit)
    {
        var model = RandomModels.Create(hiddenSize, seed: 2);
        var floatPath = Path.Combine(_directory, "f.elstm");
        var int8Path = Path.Combine(_directory, "q.elstm");
        FloatModelFile.Save(floatPath, model);
        Int8ModelFile.Save(int8Path, model.Config, WeightQuantiser.Quantise(model.Weights, 0.05f));
        var ratio = new FileInfo(int8Path).Length / (double)new FileInfo(floatPath).Length;
        Assert.True(ratio <= limit, $"int8 file is {ratio:P1} of the float file");
    }

    [Fact]
    public void Missing_Tensor_Is_Named()
    {
        var model = RandomModels.Create(32, seed: 3);
        var tensors = Int8ModelFile.ToTensors(model.Config, WeightQuantiser.Quantise(model.Weights, 0.05f)).Where(t => t.Name != "lstm.U.scale").ToList();
        var path = Path.Combine(_directory, "missing.elstm");
        ModelFile.Write(path, model.Config with { Quantisation = QuantisationMode.Int8 }, tensors);
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.LoadPredictor(path));
        Assert.Contains("lstm.U.scale", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minus_128_Is_Refused_With_The_Tensor_Name()
    {
        var model = RandomModels.Create(32, seed: 4);
        var tensors = Int8ModelFile.ToTensors(model.Config, WeightQuantiser.Quantise(model.Weights, 0.05f)).ToList();
        var index = tensors.FindIndex(t => t.Name == "head.W.q");
        var bytes = (sbyte[])tensors[index].Bytes!.Clone();
        bytes[5] = sbyte.MinValue;
        tensors[index] = TensorData.Of("head.W.q", bytes, tensors[index].Shape);
        var path = Path.Combine(_directory, "bad.elstm");
        ModelFile.Write(path, model.Config with { Quantisation = QuantisationMode.Int8 }, tensors);
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.LoadPredictor(path));
        Assert.Contains("head.W.q", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Float_Loader_Refuses_An_Int8_File()
    {
        var model = RandomModels.Create(32, seed: 5);
        var path = Path.Combine(_directory, "q.elstm");
        Int8ModelFile.Save(path, model.Config, WeightQuantiser.Quantise(model.Weights, 0.05f));
        Assert.Throws<ModelFormatException>(() => ModelLoader.LoadFloat(path));
    }
}
