using System.Globalization;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Tools.Onnx.Proto;
using Google.Protobuf;

namespace EdgeLstm.Tools.Onnx;

/// <summary>
/// Writes a float model as a standard ONNX graph (opset 17):
/// <code>
/// X (seq, 1, I), initial_h (1, 1, H), initial_c (1, 1, H)
///   → LSTM(W, R, B; hidden_size H)            → Y (seq, 1, 1, H), Y_h, Y_c
///   → Squeeze(Y, axes [1, 2])                  → (seq, H)
///   → Gemm(·, head.weight, head.bias; transB)  → head (seq, 3K)
/// </code>
/// W (1, 4H, I), R (1, 4H, H) with gate blocks reordered to ONNX's i, o, f, c; B (1, 8H) =
/// [Wb, Rb] with our bias in Wb and zeros in Rb. Normalisation, output scale, prior and rates go in
/// metadata_props (<see cref="OnnxMetadata"/>).
/// </summary>
public static class OnnxExporter
{
    public const long IrVersion = 8;
    public const long OpsetVersion = 17;
    public const string ProducerName = "edge-lstm";

    public static void Save(string path, LstmModel model) => File.WriteAllBytes(path, ToOnnx(model).ToByteArray());

    public static ModelProto ToOnnx(LstmModel model)
    {
        var c = model.Config;
        var w = model.Weights;
        var h = c.HiddenSize;
        var i = c.InputSize;
        var o = c.OutputSize;

        var onnxW = new float[4 * h * i];
        var onnxR = new float[4 * h * h];
        var onnxB = new float[8 * h];
        OnnxGateOrder.ToOnnx(w.InputWeights, onnxW, h, i);
        OnnxGateOrder.ToOnnx(w.RecurrentWeights, onnxR, h, h);
        OnnxGateOrder.ToOnnx(w.GateBias, onnxB.AsSpan(0, 4 * h), h, 1);

        var graph = new GraphProto { Name = c.Name };
        graph.Initializer.Add(OnnxTensors.Float(OnnxNames.Weights, onnxW, 1, 4 * h, i));
        graph.Initializer.Add(OnnxTensors.Float(OnnxNames.Recurrence, onnxR, 1, 4 * h, h));
        graph.Initializer.Add(OnnxTensors.Float(OnnxNames.Bias, onnxB, 1, 8 * h));
        graph.Initializer.Add(OnnxTensors.Float(OnnxNames.HeadWeights, w.HeadWeights, o, h));
        graph.Initializer.Add(OnnxTensors.Float(OnnxNames.HeadBias, w.HeadBias, o));
        graph.Initializer.Add(OnnxTensors.Int64(OnnxNames.SqueezeAxes, [1, 2], 2));

        graph.Input.Add(OnnxTensors.FloatValue(OnnxNames.Input, "seq", 1, i));
        graph.Input.Add(OnnxTensors.FloatValue(OnnxNames.InitialHidden, 1, 1, h));
        graph.Input.Add(OnnxTensors.FloatValue(OnnxNames.InitialCell, 1, 1, h));
        graph.Output.Add(OnnxTensors.FloatValue(OnnxNames.Head, "seq", o));
        graph.Output.Add(OnnxTensors.FloatValue(OnnxNames.Hidden, "seq", 1, 1, h));
        graph.Output.Add(OnnxTensors.FloatValue(OnnxNames.LastHidden, 1, 1, h));
        graph.Output.Add(OnnxTensors.FloatValue(OnnxNames.LastCell, 1, 1, h));

        // The fifth input, sequence_lens, is omitted ("") : every sequence runs to its end.
        var lstm = Node("lstm", "LSTM", [OnnxNames.Input, OnnxNames.Weights, OnnxNames.Recurrence, OnnxNames.Bias, string.Empty, OnnxNames.InitialHidden, OnnxNames.InitialCell], [OnnxNames.Hidden, OnnxNames.LastHidden, OnnxNames.LastCell]);
        lstm.Attribute.Add(new AttributeProto { Name = "hidden_size", Type = AttributeProto.Types.AttributeType.Int, I = h });
        lstm.Attribute.Add(new AttributeProto { Name = "direction", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8("forward") });
        graph.Node.Add(lstm);
        graph.Node.Add(Node("squeeze", "Squeeze", [OnnxNames.Hidden, OnnxNames.SqueezeAxes], [OnnxNames.HiddenSequence]));
        var gemm = Node("head", "Gemm", [OnnxNames.HiddenSequence, OnnxNames.HeadWeights, OnnxNames.HeadBias], [OnnxNames.Head]);
        gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Node.Add(gemm);

        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
            DocString = "edge-lstm path predictor: one LSTM layer and a linear head; feed Y_h and Y_c back as initial_h and initial_c to stream",
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        AddMetadata(proto, c);
        return proto;
    }

    private static NodeProto Node(string name, string op, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { Name = name, OpType = op };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    private static void AddMetadata(ModelProto model, ModelConfig c)
    {
        var inv = CultureInfo.InvariantCulture;
        void Add(string key, string value) => model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        Add(OnnxMetadata.Name, c.Name);
        Add(OnnxMetadata.Features, string.Join(',', c.Features.Select(f => f.Name)));
        Add(OnnxMetadata.FeatureMean, string.Join(',', c.Features.Select(f => f.Mean.ToString("R", inv))));
        Add(OnnxMetadata.FeatureStd, string.Join(',', c.Features.Select(f => f.Std.ToString("R", inv))));
        Add(OnnxMetadata.OutputScale, string.Join(',', c.OutputScale.Select(s => s.ToString("R", inv))));
        Add(OnnxMetadata.Prior, c.Prior.ToString());
        Add(OnnxMetadata.PriorTau, c.PriorTau.ToString("R", inv));
        Add(OnnxMetadata.FrameRateHz, c.FrameRateHz.ToString("R", inv));
        Add(OnnxMetadata.StepSeconds, c.StepSeconds.ToString("R", inv));
        Add(OnnxMetadata.HorizonSteps, c.HorizonSteps.ToString(inv));
        Add(OnnxMetadata.PriorSpeedScale, c.PriorSpeedScale.ToString("R", inv));
        Add(OnnxMetadata.PriorYawSource, c.PriorYawSource.ToString());
        Add(OnnxMetadata.Members, c.Members.ToString(inv));
        Add(OnnxMetadata.Provenance, c.Provenance);
        Add(OnnxMetadata.UncertaintyMethod, c.Uncertainty?.Method.ToString() ?? "none");
        if (c.Uncertainty is { } u)
        {
            string List(float[] values) => string.Join(',', values.Select(v => v.ToString("R", inv)));
            Add(OnnxMetadata.UncertaintyCoefficients, List(u.Coefficients));
            Add(OnnxMetadata.UncertaintyScale, List(u.CalibrationScale));
            Add(OnnxMetadata.UncertaintyBaselineSigma, List(u.BaselineSigma));
            Add(OnnxMetadata.UncertaintyFloors, List([u.SpeedFloor, u.TurnFloor, u.PositionSpreadFloor, u.YawSpreadFloor]));
            Add(OnnxMetadata.UncertaintyActivity, List([u.ActivityWindowSeconds, u.SpeedActivityFloor, u.TurnActivityFloor]));
            Add(OnnxMetadata.UncertaintyProvenance, u.Provenance);
            Add(OnnxMetadata.UncertaintyDegreesOfFreedom, List(u.StepDegreesOfFreedom is [] ? [float.PositiveInfinity] : u.StepDegreesOfFreedom));
            Add(OnnxMetadata.UncertaintyYawDegreesOfFreedom, List(u.YawDegreesOfFreedom is [] ? [float.PositiveInfinity] : u.YawDegreesOfFreedom));
        }
    }
}
