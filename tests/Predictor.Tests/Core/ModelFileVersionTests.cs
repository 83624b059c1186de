using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Predictor.Quantisation;


namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>Format version 2: the calibrated prior and ensemble members; version 1 files still load.</summary>
public sealed class ModelFileVersionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elstm-v2-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Version_1_File_Loads_As_An_Uncalibrated_Single_Network()
    {
        var model = ModelFileTests.SmallModel();
        var path = Path.Combine(_dir, "v1.elstm");
        File.WriteAllBytes(path, ModelFile.ToBytes(model.Config, FloatModelFile.ToTensors(model), version: 1));
        Assert.Equal(1u, BitConverter.ToUInt32(File.ReadAllBytes(path), 8));
        var (config, _) = ModelFile.Read(path);
        Assert.Equal(1.0, config.PriorSpeedScale);
        Assert.Equal(PriorYawSource.GyroWhenFresh, config.PriorYawSource);
        Assert.Equal(1, config.Members);
        var predictor = ModelLoader.LoadPredictor(path);
        Assert.Equal(model.Config.OutputScale, predictor.Config.OutputScale);
    }

    [Fact]
    public void Calibrated_Prior_And_Provenance_Round_Trip()
    {
        var model = ModelFileTests.SmallModel();
        var config = model.Config with { PriorSpeedScale = 0.94, PriorTau = 0.2, PriorYawSource = PriorYawSource.Odometry, Provenance = "trained on a, b" };
        var path = Path.Combine(_dir, "v2.elstm");
        FloatModelFile.Save(path, new LstmModel(config, model.Weights));
        var (loaded, _) = ModelFile.Read(path);
        Assert.Equal(2u, BitConverter.ToUInt32(File.ReadAllBytes(path), 8));
        Assert.Equal(0.94, loaded.PriorSpeedScale);
        Assert.Equal(0.2, loaded.PriorTau);
        Assert.Equal(PriorYawSource.Odometry, loaded.PriorYawSource);
        Assert.Equal("trained on a, b", loaded.Provenance);
    }

    [Fact]
    public void Ensemble_Round_Trips_And_Predicts_The_Mean_Of_Its_Members_In_Float_And_Int8()
    {
        var a = ModelFileTests.SmallModel(seed: 1);
        var b = ModelFileTests.SmallModel(seed: 2);
        var ensemble = LstmEnsemble.Of([a, b]);
        var path = Path.Combine(_dir, "ens.elstm");
        EnsembleModelFile.Save(path, ensemble);
        var loaded = ModelLoader.LoadFloatEnsemble(path);
        Assert.Equal(2, loaded.Config.Members);
        Assert.Equal(b.Weights.RecurrentWeights, loaded.Members[1].Weights.RecurrentWeights);

        var frame = new Sensors.Frames.Frame { V = 1.5, Gz = 0.3, W = 0.2 };
        var whole = ModelLoader.LoadPredictor(path);
        var one = new PathPredictor(a);
        var two = new PathPredictor(b);
        whole.Step(in frame);
        one.Step(in frame);
        two.Step(in frame);
        for (var j = 0; j < whole.UnguardedBodyPath.Length; j++)
        {
            Assert.Equal(0.5 * (one.UnguardedBodyPath[j] + two.UnguardedBodyPath[j]), whole.UnguardedBodyPath[j], 4);
        }

        var int8Path = Path.Combine(_dir, "ens.int8.elstm");
        Int8EnsembleModelFile.Save(int8Path, ensemble.Config, [.. ensemble.Members.Select(m => WeightQuantiser.Quantise(m.Weights, 4f / 127))]);
        var int8 = ModelLoader.LoadPredictor(int8Path);
        Assert.Equal(2, int8.Config.Members);
        Assert.Equal(QuantisationMode.Int8, int8.Config.Quantisation);
        int8.Step(in frame);
        for (var j = 0; j < whole.UnguardedBodyPath.Length; j++)
        {
            Assert.Equal(whole.UnguardedBodyPath[j], int8.UnguardedBodyPath[j], 1);
        }
    }
}
