using EdgeLstm.Predictor.Tests.Quantisation;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Tools.Onnx;
using Google.Protobuf;
using Xunit.Abstractions;

namespace EdgeLstm.Tools.Tests.Onnx;

/// <summary>Our float step against ONNX Runtime running the exported standard LSTM graph.</summary>
public sealed class OnnxConformanceTests(ITestOutputHelper output)
{
    private const float Tolerance = 1e-5f;
    private const int Steps = 1000;

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(128)]
    public void Float_Step_Equals_OnnxRuntime_Over_1000_Streamed_Steps(int hiddenSize)
    {
        var model = RandomModels.Create(hiddenSize, seed: 40 + hiddenSize);
        var inputs = RandomModels.Inputs(Steps, model.Config.InputSize, seed: 50 + hiddenSize);
        using var ort = new OrtStreamingSession(OnnxExporter.ToOnnx(model).ToByteArray(), model.Config.InputSize, hiddenSize);
        var (outputError, hiddenError) = Compare(new FloatLstmStepper(model), ort, inputs);
        output.WriteLine($"H={hiddenSize}: max |Δhead| {outputError:G3}, max |Δh| {hiddenError:G3} over {Steps} steps");
        Assert.True(outputError <= Tolerance, $"max |Δhead| {outputError} > {Tolerance}");
        Assert.True(hiddenError <= Tolerance, $"max |Δh| {hiddenError} > {Tolerance}");
    }

    [Fact]
    public void Whole_Sequence_In_One_Run_Equals_The_Streamed_Float_Steps()
    {
        const int Sequence = 200;
        var model = RandomModels.Create(64, seed: 12);
        var c = model.Config;
        var inputs = RandomModels.Inputs(Sequence, c.InputSize, seed: 13);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(OnnxExporter.ToOnnx(model).ToByteArray());
        using var x = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(inputs, [Sequence, 1, c.InputSize]);
        using var h = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(new float[c.HiddenSize], [1, 1, c.HiddenSize]);
        using var cell = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(new float[c.HiddenSize], [1, 1, c.HiddenSize]);
        using var runOptions = new Microsoft.ML.OnnxRuntime.RunOptions();
        using var results = session.Run(runOptions, [OnnxNames.Input, OnnxNames.InitialHidden, OnnxNames.InitialCell], [x, h, cell], [OnnxNames.Head]);
        var head = results[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal([Sequence, c.OutputSize], results[0].GetTensorTypeAndShape().Shape);

        var stepper = new FloatLstmStepper(model);
        for (var t = 0; t < Sequence; t++)
        {
            inputs.AsSpan(t * c.InputSize, c.InputSize).CopyTo(stepper.Input);
            stepper.Step();
            for (var j = 0; j < c.OutputSize; j++)
            {
                Assert.True(Math.Abs(stepper.Output[j] - head[(t * c.OutputSize) + j]) <= Tolerance, $"step {t} output {j}");
            }
        }
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void Import_Of_An_Export_Gives_Back_The_Same_Model_And_Outputs(int hiddenSize)
    {
        var model = RandomModels.Create(hiddenSize, seed: 60 + hiddenSize) is var m
            ? new LstmModel(m.Config with { Prior = PriorKind.ConstantTurnRate, PriorTau = 0.7, FrameRateHz = 40, Uncertainty = Spread(m.Config.HorizonSteps, hiddenSize == 32) }, m.Weights)
            : null!;
        var bytes = OnnxExporter.ToOnnx(model).ToByteArray();
        var imported = OnnxImporter.FromOnnx(EdgeLstm.Tools.Onnx.Proto.ModelProto.Parser.ParseFrom(bytes), new OnnxImportOptions(), "exported.onnx");

        Assert.Equal(model.Config.Name, imported.Config.Name);
        Assert.Equal(model.Config.Features, imported.Config.Features);
        Assert.Equal(model.Config.OutputScale, imported.Config.OutputScale);
        Assert.Equal(model.Config.Prior, imported.Config.Prior);
        Assert.Equal(model.Config.PriorTau, imported.Config.PriorTau);
        Assert.Equal(model.Config.FrameRateHz, imported.Config.FrameRateHz);
        Assert.Equal(model.Config.HorizonSteps, imported.Config.HorizonSteps);
        Assert.Equal(model.Config.Uncertainty!.CalibrationScale, imported.Config.Uncertainty!.CalibrationScale);
        Assert.Equal(model.Config.Uncertainty.StepDegreesOfFreedom, imported.Config.Uncertainty.StepDegreesOfFreedom);
        Assert.Equal(model.Config.Uncertainty.YawDegreesOfFreedom, imported.Config.Uncertainty.YawDegreesOfFreedom);
        Assert.Equal(model.Config.Uncertainty.Coefficients, imported.Config.Uncertainty.Coefficients);
        Assert.Equal(
            (model.Config.Uncertainty.ActivityWindowSeconds, model.Config.Uncertainty.SpeedActivityFloor, model.Config.Uncertainty.TurnActivityFloor),
            (imported.Config.Uncertainty.ActivityWindowSeconds, imported.Config.Uncertainty.SpeedActivityFloor, imported.Config.Uncertainty.TurnActivityFloor));
        for (var t = 0; t < model.Weights.Tensors.Count; t++)
        {
            Assert.Equal(model.Weights.Tensors[t], imported.Weights.Tensors[t]);
        }

        var inputs = RandomModels.Inputs(300, model.Config.InputSize, seed: 61);
        var a = new FloatLstmStepper(model);
        var b = new FloatLstmStepper(imported);
        for (var t = 0; t < 300; t++)
        {
            inputs.AsSpan(t * model.Config.InputSize, model.Config.InputSize).CopyTo(a.Input);
            inputs.AsSpan(t * model.Config.InputSize, model.Config.InputSize).CopyTo(b.Input);
            a.Step();
            b.Step();
            Assert.Equal(a.Output.ToArray(), b.Output.ToArray());
        }
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void PyTorch_Style_Graph_Imports_And_Matches_OnnxRuntime_On_That_Graph(int hiddenSize)
    {
        var source = RandomModels.Create(hiddenSize, seed: 70 + hiddenSize);
        var graph = TorchStyleGraph.Build(source, seed: 71);
        var options = new OnnxImportOptions
        {
            Features = RandomModels.FeatureNames,
            Mean = [.. source.Config.Features.Select(f => f.Mean)],
            Std = [.. source.Config.Features.Select(f => f.Std)],
        };
        var imported = OnnxImporter.FromOnnx(graph, options, "torch.onnx");
        Assert.Equal(PriorKind.None, imported.Config.Prior);
        Assert.All(imported.Config.OutputScale, s => Assert.Equal(1f, s));
        Assert.Equal(source.Weights.InputWeights, imported.Weights.InputWeights);
        Assert.Equal(source.Weights.HeadWeights, imported.Weights.HeadWeights);

        var inputs = RandomModels.Inputs(Steps, source.Config.InputSize, seed: 72);
        using var ort = new OrtStreamingSession(graph.ToByteArray(), source.Config.InputSize, hiddenSize, TorchStyleGraph.Output, [TorchStyleGraph.Input, OnnxNames.InitialHidden, OnnxNames.InitialCell]);
        var (outputError, hiddenError) = Compare(new FloatLstmStepper(imported), ort, inputs);
        output.WriteLine($"H={hiddenSize} torch-style: max |Δhead| {outputError:G3}, max |Δh| {hiddenError:G3}");
        Assert.True(outputError <= Tolerance && hiddenError <= Tolerance, $"max |Δhead| {outputError}, |Δh| {hiddenError}");
    }

    private static (float Output, float Hidden) Compare(FloatLstmStepper ours, OrtStreamingSession ort, float[] inputs)
    {
        var inputSize = ours.Input.Length;
        var steps = inputs.Length / inputSize;
        var outputError = 0f;
        var hiddenError = 0f;
        for (var t = 0; t < steps; t++)
        {
            var x = inputs.AsSpan(t * inputSize, inputSize);
            x.CopyTo(ours.Input);
            ours.Step();
            ort.Step(x);
            for (var j = 0; j < ours.Output.Length; j++)
            {
                outputError = Math.Max(outputError, Math.Abs(ours.Output[j] - ort.Output[j]));
            }

            for (var j = 0; j < ort.Hidden.Length; j++)
            {
                hiddenError = Math.Max(hiddenError, Math.Abs(ours.State.Hidden[j] - ort.Hidden[j]));
            }
        }

        return (outputError, hiddenError);
    }

    [Theory]
    [InlineData("edge_lstm.uncertainty_yaw_dof", "0.5", "YawDegreesOfFreedom: a ν is not above 1")]
    [InlineData("edge_lstm.uncertainty_dof", "3,4", "StepDegreesOfFreedom: length 2, expected K = ")]
    [InlineData("edge_lstm.uncertainty_yaw_dof", "1", "YawDegreesOfFreedom: a ν is not above 1")]
    public void Degrees_Of_Freedom_Out_Of_Range_Or_Of_The_Wrong_Count_Are_Refused_Naming_The_Field(string key, string value, string expected)
    {
        var model = RandomModels.Create(32, seed: 81) is var m ? new LstmModel(m.Config with { Uncertainty = Spread(m.Config.HorizonSteps, studentT: true) }, m.Weights) : null!;
        var proto = OnnxExporter.ToOnnx(model);
        proto.MetadataProps.Single(p => p.Key == key).Value = value;

        var error = Assert.Throws<EdgeLstm.Predictor.ModelFiles.ModelFormatException>(() => OnnxImporter.FromOnnx(EdgeLstm.Tools.Onnx.Proto.ModelProto.Parser.ParseFrom(proto.ToByteArray()), new OnnxImportOptions(), "bad.onnx"));

        Assert.StartsWith("bad.onnx: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void An_Export_Made_Before_The_Driving_Activity_Imports_With_Its_Slopes_Zero()
    {
        var model = RandomModels.Create(32, seed: 80) is var m ? new LstmModel(m.Config with { Uncertainty = Spread(m.Config.HorizonSteps, studentT: false) }, m.Weights) : null!;
        var proto = OnnxExporter.ToOnnx(model);

        // What an older export wrote: θ with four inputs per row, no activity entry.
        var old = model.Config.Uncertainty!.Coefficients.Where((_, i) => i % UncertaintyModel.Inputs < UncertaintyModel.InputsWithoutActivity);
        proto.MetadataProps.Single(p => p.Key == OnnxMetadata.UncertaintyCoefficients).Value = string.Join(',', old.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        proto.MetadataProps.Remove(proto.MetadataProps.Single(p => p.Key == OnnxMetadata.UncertaintyActivity));
        proto.MetadataProps.Remove(proto.MetadataProps.Single(p => p.Key == OnnxMetadata.UncertaintyYawDegreesOfFreedom));
        var imported = OnnxImporter.FromOnnx(EdgeLstm.Tools.Onnx.Proto.ModelProto.Parser.ParseFrom(proto.ToByteArray()), new OnnxImportOptions(), "old.onnx").Config.Uncertainty!;

        Assert.False(imported.UsesActivity);
        Assert.True(imported.IsYawGaussian);
        Assert.Equal(old, imported.Coefficients.Where((_, i) => i % UncertaintyModel.Inputs < UncertaintyModel.InputsWithoutActivity));
        Assert.Equal(1f, imported.ActivityWindowSeconds);
    }

    // Student-t regions with ν rising along the horizon (the last step Gaussian), or Gaussian everywhere;
    // every coefficient distinct (the driving-activity slopes too), the activity window not the default.
    private static UncertaintyModel Spread(int steps, bool studentT) => new()
    {
        Method = UncertaintyMethod.Heteroscedastic,
        Coefficients = [.. Enumerable.Range(0, steps * UncertaintyModel.Axes * UncertaintyModel.Inputs).Select(i => 0.001f * (i + 1))],
        ActivityWindowSeconds = 2.5f,
        SpeedActivityFloor = 0.15f,
        TurnActivityFloor = 0.07f,
        CalibrationScale = [.. Enumerable.Range(0, 2 * steps).Select(i => 0.5f + (0.01f * i))],
        BaselineSigma = [.. Enumerable.Repeat(0.2f, steps)],
        StepDegreesOfFreedom = [.. Enumerable.Range(0, steps).Select(k => !studentT ? float.PositiveInfinity : k == steps - 1 ? float.PositiveInfinity : 1.5f + (0.25f * k))],
        YawDegreesOfFreedom = [.. Enumerable.Range(0, steps).Select(k => !studentT || k == 0 ? float.PositiveInfinity : 2f + (0.5f * k))],
    };
}
