using System.IO.Hashing;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.ModelFiles;



namespace EdgeLstm.Predictor.Tests.Core;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elstm-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static LstmModel SmallModel(int hidden = 8, int seed = 1)
    {
        var config = new ModelConfig
        {
            Name = "test",
            HiddenSize = hidden,
            HorizonSteps = 4,
            Features = [new FeatureSpec("v", 1, 2), new FeatureSpec("gz", 0, 0.5f)],
            OutputScale = Enumerable.Range(1, 12).Select(i => i * 0.1f).ToArray(),
        };
        return new LstmModel(config, ReferenceLstm.RandomWeights(2, hidden, 12, seed));
    }

    [Fact]
    public void Crc32_Has_The_Standard_Check_Value() => Assert.Equal(0xCBF43926u, Crc32.HashToUInt32("123456789"u8));

    [Fact]
    public void Round_Trip_Keeps_Config_And_Every_Weight()
    {
        var model = SmallModel();
        var path = Path.Combine(_dir, "m.elstm");
        FloatModelFile.Save(path, model);
        var (config, tensors) = ModelFile.Read(path);
        var loaded = FloatModelFile.FromTensors(path, config, tensors);
        Assert.Equal(model.Config.HiddenSize, loaded.Config.HiddenSize);
        Assert.Equal(model.Config.Features, loaded.Config.Features);
        Assert.Equal(model.Config.OutputScale, loaded.Config.OutputScale);
        Assert.Equal(model.Config.Prior, loaded.Config.Prior);
        for (var t = 0; t < model.Weights.Tensors.Count; t++)
        {
            Assert.Equal(model.Weights.Tensors[t], loaded.Weights.Tensors[t]);
        }
    }

    [Fact]
    public void Wrong_Magic_Is_Refused_Naming_What_Was_Found()
    {
        var path = Path.Combine(_dir, "m.elstm");
        File.WriteAllText(path, "t,ax,ay\n1,2,3\n");
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Read(path));
        Assert.Contains("not an edge-lstm model", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Wrong_Version_Is_Refused_Saying_Both_Versions()
    {
        var path = Saved();
        var bytes = File.ReadAllBytes(path);
        bytes[8] = (byte)(ModelFile.FormatVersion + 1);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Read(path));
        Assert.Contains($"version {ModelFile.FormatVersion + 1}", e.Message);
        Assert.Contains($"version {ModelFile.FormatVersion}", e.Message);
    }

    [Fact]
    public void Truncated_File_Is_Refused()
    {
        var path = Saved();
        var bytes = File.ReadAllBytes(path);
        foreach (var keep in new[] { 0, 5, 12, bytes.Length / 2, bytes.Length - 1 })
        {
            File.WriteAllBytes(path, bytes[..keep]);
            var e = Assert.Throws<ModelFormatException>(() => ModelFile.Read(path));
            Assert.DoesNotContain(Environment.NewLine, e.Message);
        }
    }

    [Fact]
    public void Any_Single_Flipped_Byte_Is_Refused()
    {
        var path = Saved();
        var original = File.ReadAllBytes(path);
        for (var i = 0; i < original.Length; i += 7)
        {
            var bytes = (byte[])original.Clone();
            bytes[i] ^= 0x10;
            File.WriteAllBytes(path, bytes);
            Assert.Throws<ModelFormatException>(() => ModelFile.Read(path));
        }
    }

    [Fact]
    public void Flipped_Weight_Byte_Reports_A_Checksum_Mismatch()
    {
        var path = Saved();
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length - 40] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Read(path));
        Assert.Contains("checksum mismatch", e.Message);
    }

    [Fact]
    public void Tensor_Shape_That_Disagrees_With_The_Header_Is_Refused_By_Name()
    {
        var model = SmallModel();
        var tensors = FloatModelFile.ToTensors(model).ToList();
        tensors[1] = TensorData.Of(TensorNames.RecurrentWeights, new float[32 * 4], 32, 4);
        var path = Path.Combine(_dir, "bad-shape.elstm");
        ModelFile.Write(path, model.Config, tensors);
        var (config, read) = ModelFile.Read(path);
        var e = Assert.Throws<ModelFormatException>(() => FloatModelFile.FromTensors(path, config, read));
        Assert.Contains(TensorNames.RecurrentWeights, e.Message);
    }

    private string Saved()
    {
        var path = Path.Combine(_dir, "m.elstm");
        FloatModelFile.Save(path, SmallModel());
        return path;
    }
}
