using EdgeLstm.Predictor.Loading;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Predictor.Quantisation;


namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>Format version 4: per-pose uncertainty with Student-t regions; version 3 (Gaussian regions), 2 (calibrated prior, ensembles, no uncertainty) and 1 files still load.</summary>
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
    public void Version_2_File_Loads_Without_Uncertainty_And_Its_Predictor_Publishes_None()
    {
        var model = ModelFileTests.SmallModel();
        var config = model.Config with { PriorSpeedScale = 0.94, Provenance = "v2" };
        var path = Path.Combine(_dir, "v2-old.elstm");
        File.WriteAllBytes(path, ModelFile.ToBytes(config, FloatModelFile.ToTensors(new LstmModel(config, model.Weights)), version: 2));
        Assert.Equal(2u, BitConverter.ToUInt32(File.ReadAllBytes(path), 8));

        var predictor = ModelLoader.LoadPredictor(path);

        Assert.Null(predictor.Config.Uncertainty);
        Assert.Equal(0.94, predictor.Config.PriorSpeedScale);
        predictor.Step(new Sensors.Frames.Frame { V = 1 });
        Assert.Null(predictor.Uncertainty);
    }

    [Fact]
    public void Uncertainty_Round_Trips_In_Float_And_Int8_And_Gives_The_Same_Spread()
    {
        var model = ModelFileTests.SmallModel();
        var steps = model.Config.HorizonSteps;
        var theta = Enumerable.Range(0, steps * UncertaintyModel.Axes * UncertaintyModel.Inputs).Select(i => (i % UncertaintyModel.Inputs == 0 ? -2f : 0.1f * (i % 3))).ToArray();
        var uncertainty = new UncertaintyModel
        {
            Method = UncertaintyMethod.Heteroscedastic,
            Coefficients = theta,
            CalibrationScale = [.. Enumerable.Range(0, 2 * steps).Select(i => 1f + (0.1f * i))],
            BaselineSigma = [.. Enumerable.Range(1, steps).Select(k => 0.1f * k)],
            SpeedFloor = 0.3f,
            ActivityWindowSeconds = 1.5f,
            SpeedActivityFloor = 0.2f,
            TurnActivityFloor = 0.05f,
            Provenance = "fitted on a hold-out",
            StepDegreesOfFreedom = [.. Enumerable.Range(0, steps).Select(k => k == 1 ? float.PositiveInfinity : 1.25f + k)],
            YawDegreesOfFreedom = [.. Enumerable.Range(0, steps).Select(k => k == 0 ? float.PositiveInfinity : 2f + k)],
        };
        var config = model.Config with { Uncertainty = uncertainty };
        var path = Path.Combine(_dir, "v7.elstm");
        FloatModelFile.Save(path, new LstmModel(config, model.Weights));
        Assert.Equal(7u, BitConverter.ToUInt32(File.ReadAllBytes(path), 8));

        var loaded = ModelFile.Read(path).Config.Uncertainty!;
        Assert.Equal(uncertainty.Coefficients, loaded.Coefficients);
        Assert.Equal(uncertainty.CalibrationScale, loaded.CalibrationScale);
        Assert.Equal(uncertainty.BaselineSigma, loaded.BaselineSigma);
        Assert.Equal(0.3f, loaded.SpeedFloor);
        Assert.Equal((1.5f, 0.2f, 0.05f), (loaded.ActivityWindowSeconds, loaded.SpeedActivityFloor, loaded.TurnActivityFloor));
        Assert.Equal("fitted on a hold-out", loaded.Provenance);
        Assert.Equal(uncertainty.StepDegreesOfFreedom, loaded.StepDegreesOfFreedom);
        Assert.Equal(uncertainty.YawDegreesOfFreedom, loaded.YawDegreesOfFreedom);

        var int8Path = Path.Combine(_dir, "v7.int8.elstm");
        Int8ModelFile.Save(int8Path, config, WeightQuantiser.Quantise(model.Weights, 4f / 127));
        var frame = new Sensors.Frames.Frame { V = 1.2, Gz = 0.3, W = 0.3 };
        var floatPredictor = ModelLoader.LoadPredictor(path);
        var int8Predictor = ModelLoader.LoadPredictor(int8Path);
        floatPredictor.Step(in frame);
        int8Predictor.Step(in frame);
        for (var k = 0; k < steps; k++)
        {
            Assert.True(floatPredictor.Uncertainty!.Along[k] > 0);
            Assert.Equal(floatPredictor.Uncertainty.Along[k], int8Predictor.Uncertainty!.Along[k], 3);
            Assert.InRange(floatPredictor.Uncertainty.Rho[k], -1f, 1f);
        }
    }

    [Fact]
    public void Version_6_File_Loads_With_Gaussian_Heading_Intervals_And_Cannot_Hold_A_Student_T()
    {
        var model = ModelFileTests.SmallModel();
        var steps = model.Config.HorizonSteps;
        var uncertainty = UnitSpread(steps) with { StepDegreesOfFreedom = [.. Enumerable.Range(0, steps).Select(k => 2.5f + k)] };
        var tensors = FloatModelFile.ToTensors(model);
        var path = Path.Combine(_dir, "v6.elstm");
        File.WriteAllBytes(path, ModelFile.ToBytes(model.Config with { Uncertainty = uncertainty }, tensors, version: 6));

        var loaded = ModelFile.Read(path).Config.Uncertainty!;

        Assert.Equal(uncertainty.StepDegreesOfFreedom, loaded.StepDegreesOfFreedom);
        Assert.True(loaded.IsYawGaussian);
        Assert.True(loaded.YawShapeAt(steps - 1).IsGaussian);
        var heavy = uncertainty with { YawDegreesOfFreedom = [.. Enumerable.Repeat(3f, steps)] };
        var error = Assert.Throws<ArgumentException>(() => ModelFile.ToBytes(model.Config with { Uncertainty = heavy }, tensors, version: 6));
        Assert.Contains("Gaussian heading intervals only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Heading_Interval_With_One_Degree_Of_Freedom_Or_Fewer_Is_A_Format_Error()
    {
        var model = ModelFileTests.SmallModel();
        var steps = model.Config.HorizonSteps;
        var uncertainty = UnitSpread(steps) with { YawDegreesOfFreedom = [.. Enumerable.Repeat(2f, steps - 1), 3.375f] };
        var bytes = ModelFile.ToBytes(model.Config with { Uncertainty = uncertainty }, FloatModelFile.ToTensors(model));

        // The writer refuses such a ν, so the file is corrupted after writing (checksum fixed): the last
        // step's 3.375 becomes 0.84375, a t with no mean.
        var error = Assert.Throws<ModelFormatException>(() => ModelFile.Parse("bad-yaw-dof.elstm", WithFloatReplaced(bytes, 3.375f, 0.84375f)));
        Assert.Throws<ArgumentException>(() => ModelFile.ToBytes(model.Config with { Uncertainty = uncertainty with { YawDegreesOfFreedom = [.. Enumerable.Repeat(0.5f, steps)] } }, FloatModelFile.ToTensors(model)));

        Assert.Contains("bad-yaw-dof.elstm", error.Message, StringComparison.Ordinal);
        Assert.Contains("YawDegreesOfFreedom", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Version_3_File_Loads_With_Gaussian_Regions_And_Cannot_Hold_A_Student_T()
    {
        var model = ModelFileTests.SmallModel();
        var steps = model.Config.HorizonSteps;
        var uncertainty = UnitSpread(steps);
        var tensors = FloatModelFile.ToTensors(model);
        var path = Path.Combine(_dir, "v3.elstm");
        File.WriteAllBytes(path, ModelFile.ToBytes(model.Config with { Uncertainty = uncertainty }, tensors, version: 3));

        var loaded = ModelFile.Read(path).Config.Uncertainty!;

        Assert.True(loaded.IsGaussian);
        var predictor = ModelLoader.LoadPredictor(path);
        predictor.Step(new Sensors.Frames.Frame { V = 1 });
        Assert.Equal(Math.Sqrt(-2 * Math.Log(0.1)) * predictor.Uncertainty!.Along[0], predictor.Uncertainty.Radius90(0), 4);
        var error = Assert.Throws<ArgumentException>(() => ModelFile.ToBytes(model.Config with { Uncertainty = uncertainty with { StepDegreesOfFreedom = [.. Enumerable.Repeat(4f, steps)] } }, tensors, version: 3));
        Assert.Contains("Gaussian regions only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_4_File_Holds_One_Degrees_Of_Freedom_For_Every_Step()
    {
        var model = ModelFileTests.SmallModel();
        var steps = model.Config.HorizonSteps;
        var uncertainty = UnitSpread(steps) with { StepDegreesOfFreedom = [.. Enumerable.Repeat(2.5f, steps)] };
        var tensors = FloatModelFile.ToTensors(model);
        var path = Path.Combine(_dir, "v4.elstm");
        File.WriteAllBytes(path, ModelFile.ToBytes(model.Config with { Uncertainty = uncertainty }, tensors, version: 4));

        var loaded = ModelFile.Read(path).Config.Uncertainty!;

        Assert.Equal(uncertainty.StepDegreesOfFreedom, loaded.StepDegreesOfFreedom);
        var varying = uncertainty with { StepDegreesOfFreedom = [.. Enumerable.Range(0, steps).Select(k => 2.5f + k)] };
        var error = Assert.Throws<ArgumentException>(() => ModelFile.ToBytes(model.Config with { Uncertainty = varying }, tensors, version: 4));
        Assert.Contains("one ν for every step", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_5_File_Loads_Without_Driving_Activity_And_Cannot_Hold_It()
    {
        var model = ModelFileTests.SmallModel();
        var steps = model.Config.HorizonSteps;
        var uncertainty = UnitSpread(steps) with { StepDegreesOfFreedom = [.. Enumerable.Range(0, steps).Select(k => 2.5f + k)] };
        for (var k = 0; k < steps; k++)
        {
            uncertainty.Coefficients[UncertaintyModel.Coefficient(k, UncertaintyModel.Cross, 1)] = 0.7f;
        }

        var tensors = FloatModelFile.ToTensors(model);
        var path = Path.Combine(_dir, "v5.elstm");
        File.WriteAllBytes(path, ModelFile.ToBytes(model.Config with { Uncertainty = uncertainty }, tensors, version: 5));

        var loaded = ModelFile.Read(path).Config.Uncertainty!;

        Assert.Equal(uncertainty.Coefficients, loaded.Coefficients);
        Assert.False(loaded.UsesActivity);
        Assert.Equal(uncertainty.StepDegreesOfFreedom, loaded.StepDegreesOfFreedom);
        var active = (float[])uncertainty.Coefficients.Clone();
        active[UncertaintyModel.Coefficient(steps - 1, UncertaintyModel.Yaw, 5)] = 0.4f;
        var error = Assert.Throws<ArgumentException>(() => ModelFile.ToBytes(model.Config with { Uncertainty = uncertainty with { Coefficients = active } }, tensors, version: 5));
        Assert.Contains("driving-activity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Published_Spread_Of_Student_T_Regions_Has_The_Same_90_Percent_Ellipse_Read_As_A_Gaussian()
    {
        var model = ModelFileTests.SmallModel();
        var steps = model.Config.HorizonSteps;
        var theta = new float[steps * UncertaintyModel.Axes * UncertaintyModel.Inputs];
        for (var k = 0; k < steps; k++)
        {
            theta[UncertaintyModel.Coefficient(k, UncertaintyModel.Along, 0)] = MathF.Log(0.1f * (k + 1));
            theta[UncertaintyModel.Coefficient(k, UncertaintyModel.Cross, 0)] = MathF.Log(0.04f * (k + 1));
        }

        var uncertainty = new UncertaintyModel
        {
            Method = UncertaintyMethod.Constant,
            Coefficients = theta,
            CalibrationScale = [.. Enumerable.Repeat(1f, 2 * steps)],
            BaselineSigma = [.. Enumerable.Repeat(1f, steps)],
            StepDegreesOfFreedom = [.. Enumerable.Range(0, steps).Select(k => 3f + k)],
        };
        var predictor = new PathPredictor(new LstmModel(model.Config with { Uncertainty = uncertainty }, model.Weights));
        predictor.Step(new Sensors.Frames.Frame { V = 1, Gz = 0.4, W = 0.4 });
        var published = new float[4 * steps];
        predictor.Uncertainty!.ToOdometryFrame(0.7, published);

        for (var k = 0; k < steps; k++)
        {
            // Semi-major axis of the published covariance's Gaussian 90 % ellipse: √(4.605·λ_max).
            var (sx, sy, rho) = (published[4 * k], published[(4 * k) + 1], published[(4 * k) + 2]);
            var (xx, yy, xy) = ((double)sx * sx, (double)sy * sy, (double)rho * sx * sy);
            var largest = (0.5 * (xx + yy)) + Math.Sqrt((0.25 * (xx - yy) * (xx - yy)) + (xy * xy));
            Assert.Equal(predictor.Uncertainty.Radius90(k), Math.Sqrt(-2 * Math.Log(0.1) * largest), 4);

            // …which is the step's t's: r₉₀(ν) = √(ν·(10^(2/ν) − 1)) times the scale along the track (3.305 at ν = 3, 1.54 times the Gaussian's).
            var nu = 3.0 + k;
            Assert.Equal(Math.Sqrt(nu * (Math.Pow(10, 2.0 / nu) - 1)) * 0.1 * (k + 1), predictor.Uncertainty.Radius90(k), 4);
        }
    }

    [Fact]
    public void Negative_Calibration_Scale_Is_Refused_At_Load_Naming_The_Uncertainty()
    {
        var model = ModelFileTests.SmallModel();
        var bytes = ModelFile.ToBytes(model.Config with
        {
            Uncertainty = new UncertaintyModel
            {
                Method = UncertaintyMethod.Constant,
                Coefficients = new float[model.Config.HorizonSteps * UncertaintyModel.Axes * UncertaintyModel.Inputs],
                CalibrationScale = [7.25f, .. Enumerable.Repeat(1f, (2 * model.Config.HorizonSteps) - 1)],
                BaselineSigma = [.. Enumerable.Repeat(1f, model.Config.HorizonSteps)],
            },
        }, FloatModelFile.ToTensors(model));

        // Negate the first calibration scale (its sign bit) and fix the checksum: the header no longer validates.
        var body = bytes.AsSpan(0, bytes.Length - 4).ToArray();
        var at = body.AsSpan().IndexOf(BitConverter.GetBytes(7.25f));
        body[at + 3] |= 0x80;
        var corrupt = new byte[bytes.Length];
        body.CopyTo(corrupt, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(corrupt.AsSpan(body.Length), System.IO.Hashing.Crc32.HashToUInt32(body));

        var error = Assert.Throws<ModelFormatException>(() => ModelFile.Parse("bad.elstm", corrupt));
        Assert.Contains("uncertainty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Degrees_Of_Freedom_Of_One_Or_Less_Are_Refused_At_Load_Naming_The_Field()
    {
        var model = ModelFileTests.SmallModel();
        var steps = model.Config.HorizonSteps;
        var bytes = ModelFile.ToBytes(model.Config with
        {
            Uncertainty = UnitSpread(steps) with { StepDegreesOfFreedom = [.. Enumerable.Repeat(2f, steps - 1), 3.375f] },
        }, FloatModelFile.ToTensors(model));

        // The last step's ν 3.375 becomes 0.84375 (exponent lowered by two) and the checksum is fixed:
        // a t with no mean, which the reader refuses rather than publish regions it cannot size.
        var corrupt = WithFloatReplaced(bytes, 3.375f, 0.84375f);

        var error = Assert.Throws<ModelFormatException>(() => ModelFile.Parse("bad.elstm", corrupt));
        Assert.Contains("bad.elstm", error.Message, StringComparison.Ordinal);
        Assert.Contains("StepDegreesOfFreedom", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void An_Activity_Window_Of_Zero_Is_Refused_At_Load_Naming_The_Field()
    {
        var model = ModelFileTests.SmallModel();
        var bytes = ModelFile.ToBytes(model.Config with
        {
            Uncertainty = UnitSpread(model.Config.HorizonSteps) with { ActivityWindowSeconds = 3.375f },
        }, FloatModelFile.ToTensors(model));

        // The window 3.375 s becomes 0 (a window that would divide by zero) and the checksum is fixed.
        var corrupt = WithFloatReplaced(bytes, 3.375f, 0f);

        var error = Assert.Throws<ModelFormatException>(() => ModelFile.Parse("bad.elstm", corrupt));
        Assert.Contains("bad.elstm", error.Message, StringComparison.Ordinal);
        Assert.Contains("ActivityWindowSeconds", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Calibrated_Prior_And_Provenance_Round_Trip()
    {
        var model = ModelFileTests.SmallModel();
        var config = model.Config with { PriorSpeedScale = 0.94, PriorTau = 0.2, PriorYawSource = PriorYawSource.Odometry, Provenance = "trained on a, b" };
        var path = Path.Combine(_dir, "v2.elstm");
        FloatModelFile.Save(path, new LstmModel(config, model.Weights));
        var (loaded, _) = ModelFile.Read(path);
        Assert.Equal(ModelFile.FormatVersion, BitConverter.ToUInt32(File.ReadAllBytes(path), 8));
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

    // σ = 1 at every step and axis, Gaussian regions.
    // The file's first float equal to `from` set to `to`, and the CRC-32 trailer fixed, so only the reader's checks can refuse it.
    private static byte[] WithFloatReplaced(byte[] bytes, float from, float to)
    {
        var body = bytes.AsSpan(0, bytes.Length - 4).ToArray();
        var at = body.AsSpan().IndexOf(BitConverter.GetBytes(from));
        Assert.True(at >= 0, $"{from} is not in the file");
        BitConverter.GetBytes(to).CopyTo(body, at);
        var corrupt = new byte[bytes.Length];
        body.CopyTo(corrupt, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(corrupt.AsSpan(body.Length), System.IO.Hashing.Crc32.HashToUInt32(body));
        return corrupt;
    }

    private static UncertaintyModel UnitSpread(int steps) => new()
    {
        Method = UncertaintyMethod.Constant,
        Coefficients = new float[steps * UncertaintyModel.Axes * UncertaintyModel.Inputs],
        CalibrationScale = [.. Enumerable.Repeat(1f, 2 * steps)],
        BaselineSigma = [.. Enumerable.Repeat(1f, steps)],
    };
}
