using EdgeLstm.Predictor.Model;
using EdgeLstm.Tools.Onnx.Proto;
using EdgeLstm.Tools.Onnx;
using Google.Protobuf;

namespace EdgeLstm.Tools.Tests.Onnx;

/// <summary>
/// Builds the graph torch.onnx.export writes for nn.LSTM(I, H) + nn.Linear(H, 3K) called as
/// model(x, (h0, c0)) at opset 17: LSTM with W, R, B initializers (gates i, o, f, c; B = [b_ih,
/// b_hh], both non-zero), Squeeze(Y, axes [1]) to (seq, 1, H), MatMul with the transposed weight
/// (H, 3K), Add of the bias, output (seq, 1, 3K); PyTorch-like names, no metadata.
/// </summary>
internal static class TorchStyleGraph
{
    public const string Input = "input";
    public const string Output = "output";

    /// <summary>The graph and the model it should import as (b_ih + b_hh folded into our bias).</summary>
    public static ModelProto Build(LstmModel model, int seed)
    {
        var c = model.Config;
        var w = model.Weights;
        var h = c.HiddenSize;
        var random = new Random(seed);
        var onnxW = new float[4 * h * c.InputSize];
        var onnxR = new float[4 * h * h];
        var ours = new float[4 * h];
        OnnxGateOrder.ToOnnx(w.InputWeights, onnxW, h, c.InputSize);
        OnnxGateOrder.ToOnnx(w.RecurrentWeights, onnxR, h, h);
        OnnxGateOrder.ToOnnx(w.GateBias, ours, h, 1);

        // Split each bias into b_ih + b_hh at random; summed back they are our bias up to rounding.
        var b = new float[8 * h];
        for (var j = 0; j < 4 * h; j++)
        {
            var part = (float)(random.NextDouble() - 0.5);
            b[j] = part;
            b[(4 * h) + j] = ours[j] - part;
        }

        var transposed = new float[h * c.OutputSize];
        for (var j = 0; j < c.OutputSize; j++)
        {
            for (var k = 0; k < h; k++)
            {
                transposed[(k * c.OutputSize) + j] = w.HeadWeights[(j * h) + k];
            }
        }

        var graph = new GraphProto { Name = "main_graph" };
        graph.Initializer.Add(OnnxTensors.Float("onnx::LSTM_W", onnxW, 1, 4 * h, c.InputSize));
        graph.Initializer.Add(OnnxTensors.Float("onnx::LSTM_R", onnxR, 1, 4 * h, h));
        graph.Initializer.Add(OnnxTensors.Float("onnx::LSTM_B", b, 1, 8 * h));
        graph.Initializer.Add(OnnxTensors.Float("onnx::MatMul_W", transposed, h, c.OutputSize));
        graph.Initializer.Add(OnnxTensors.Float("head.bias", w.HeadBias, c.OutputSize));
        graph.Input.Add(OnnxTensors.FloatValue(Input, "seq", 1, c.InputSize));
        graph.Input.Add(OnnxTensors.FloatValue(OnnxNames.InitialHidden, 1, 1, h));
        graph.Input.Add(OnnxTensors.FloatValue(OnnxNames.InitialCell, 1, 1, h));
        graph.Output.Add(OnnxTensors.FloatValue(Output, "seq", 1, c.OutputSize));
        graph.Output.Add(OnnxTensors.FloatValue(OnnxNames.LastHidden, 1, 1, h));
        graph.Output.Add(OnnxTensors.FloatValue(OnnxNames.LastCell, 1, 1, h));

        var axes = new NodeProto { Name = "/lstm/Constant", OpType = "Constant" };
        axes.Output.Add("/lstm/Constant_output_0");
        axes.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = OnnxTensors.Int64("axes", [1], 1) });
        graph.Node.Add(axes);
        graph.Node.Add(Node("/lstm/LSTM", "LSTM", [Input, "onnx::LSTM_W", "onnx::LSTM_R", "onnx::LSTM_B", string.Empty, OnnxNames.InitialHidden, OnnxNames.InitialCell], ["/lstm/LSTM_output_0", OnnxNames.LastHidden, OnnxNames.LastCell], hiddenSize: h));
        graph.Node.Add(Node("/lstm/Squeeze", "Squeeze", ["/lstm/LSTM_output_0", "/lstm/Constant_output_0"], ["/lstm/Squeeze_output_0"]));
        graph.Node.Add(Node("/head/MatMul", "MatMul", ["/lstm/Squeeze_output_0", "onnx::MatMul_W"], ["/head/MatMul_output_0"]));
        graph.Node.Add(Node("/head/Add", "Add", ["head.bias", "/head/MatMul_output_0"], [Output]));

        var proto = new ModelProto { IrVersion = 8, ProducerName = "pytorch", ProducerVersion = "2.5.0", Graph = graph };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });
        return proto;
    }

    private static NodeProto Node(string name, string op, string[] inputs, string[] outputs, int hiddenSize = 0)
    {
        var node = new NodeProto { Name = name, OpType = op };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        if (hiddenSize > 0)
        {
            node.Attribute.Add(new AttributeProto { Name = "hidden_size", Type = AttributeProto.Types.AttributeType.Int, I = hiddenSize });
            node.Attribute.Add(new AttributeProto { Name = "direction", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8("forward") });
        }

        return node;
    }
}
