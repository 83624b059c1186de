using EdgeLstm.Predictor.Tests.Quantisation;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Tools.Onnx.Proto;
using EdgeLstm.Tools.Onnx;
using Google.Protobuf;

namespace EdgeLstm.Tools.Tests.Onnx;

/// <summary>Graphs the importer cannot represent are refused, naming the node or tensor at fault.</summary>
public sealed class OnnxImportRefusalTests
{
    [Fact]
    public void Missing_Recurrent_Weights_Name_The_Tensor()
    {
        var proto = Exported();
        proto.Graph.Initializer.Remove(proto.Graph.Initializer.Single(t => t.Name == OnnxNames.Recurrence));
        var e = Refused(proto);
        Assert.Contains($"tensor '{OnnxNames.Recurrence}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_Shape_Names_The_Tensor_And_The_Expected_Shape()
    {
        var proto = Exported();
        var w = proto.Graph.Initializer.Single(t => t.Name == OnnxNames.HeadWeights);
        var values = OnnxTensors.ReadFloats(w);
        proto.Graph.Initializer.Remove(w);
        proto.Graph.Initializer.Add(OnnxTensors.Float(OnnxNames.HeadWeights, values, 30, 64));
        var e = Refused(proto);
        Assert.Contains($"tensor '{OnnxNames.HeadWeights}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("(30, 64)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_Raw_Data_Length_Names_The_Tensor()
    {
        var proto = Exported();
        var b = proto.Graph.Initializer.Single(t => t.Name == OnnxNames.Bias);
        b.RawData = ByteString.CopyFrom(new byte[12]);
        Assert.Contains($"tensor '{OnnxNames.Bias}'", Refused(proto).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_Node_After_The_Head_Is_Named()
    {
        var proto = Exported();
        var relu = new NodeProto { Name = "activation", OpType = "Relu" };
        relu.Input.Add(OnnxNames.Head);
        relu.Output.Add("relu_out");
        proto.Graph.Node.Add(relu);
        Assert.Contains("node 'activation' (Relu)", Refused(proto).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bidirectional_Lstm_Names_The_Node()
    {
        var proto = Exported();
        var lstm = proto.Graph.Node.Single(n => n.OpType == "LSTM");
        lstm.Attribute.Single(a => a.Name == "direction").S = ByteString.CopyFromUtf8("bidirectional");
        var e = Refused(proto);
        Assert.Contains("LSTM node 'lstm'", e.Message, StringComparison.Ordinal);
        Assert.Contains("bidirectional", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_Layers_Are_Refused_Naming_Both_Nodes()
    {
        var proto = Exported();
        var second = proto.Graph.Node.Single(n => n.OpType == "LSTM").Clone();
        second.Name = "lstm2";
        proto.Graph.Node.Add(second);
        var e = Refused(proto);
        Assert.Contains("lstm, lstm2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clip_Attribute_Is_Refused()
    {
        var proto = Exported();
        proto.Graph.Node.Single(n => n.OpType == "LSTM").Attribute.Add(new AttributeProto { Name = "clip", Type = AttributeProto.Types.AttributeType.Float, F = 3 });
        Assert.Contains("attribute 'clip'", Refused(proto).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_Zero_Constant_Initial_State_Is_Refused()
    {
        var proto = Exported();
        proto.Graph.Input.Remove(proto.Graph.Input.Single(v => v.Name == OnnxNames.InitialHidden));
        proto.Graph.Initializer.Add(OnnxTensors.Float(OnnxNames.InitialHidden, Enumerable.Repeat(0.5f, 32).ToArray(), 1, 1, 32));
        Assert.Contains($"tensor '{OnnxNames.InitialHidden}'", Refused(proto).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_Normalisation_Asks_For_The_Flags()
    {
        var proto = Exported();
        proto.MetadataProps.Clear();
        Assert.Contains("--features", Refused(proto).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_An_Onnx_File_Is_A_Clear_Error()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "this is not protobuf at all, it is text that goes on and on");
            var e = Assert.Throws<ModelFormatException>(() => OnnxImporter.Load(path, new OnnxImportOptions()));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static ModelProto Exported() => OnnxExporter.ToOnnx(RandomModels.Create(32, seed: 1));

    private static ModelFormatException Refused(ModelProto proto) =>
        Assert.Throws<ModelFormatException>(() => OnnxImporter.FromOnnx(proto, new OnnxImportOptions(), "test.onnx"));
}
