using System.Globalization;
using EdgeLstm.Predictor.Features;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Tools.Onnx.Proto;
using Google.Protobuf;

namespace EdgeLstm.Tools.Onnx;

/// <summary>
/// Reads a one-layer LSTM with a linear head from ONNX, as <see cref="OnnxExporter"/> writes it and
/// as PyTorch's torch.onnx.export writes nn.LSTM + nn.Linear (see docs/onnx.md):
/// X (graph input) → LSTM → Squeeze → Gemm, or MatMul then Add → a graph output. Weights must be
/// initializers or Constant nodes. Anything else is refused with a message naming the node or
/// tensor, never half-imported.
/// </summary>
public static class OnnxImporter
{
    private static readonly string[] DefaultActivations = ["Sigmoid", "Tanh", "Tanh"];

    public static LstmModel Load(string path, OnnxImportOptions options)
    {
        if (!File.Exists(path))
        {
            throw new ModelFormatException(path, "ONNX file not found");
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(path, $"not an ONNX model: {e.Message}");
        }

        return FromOnnx(model, options, path);
    }

    public static LstmModel FromOnnx(ModelProto model, OnnxImportOptions options, string source)
    {
        try
        {
            return Import(model, options, source);
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException(source, e.Message);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException(source, e.Message);
        }
    }

    private static LstmModel Import(ModelProto model, OnnxImportOptions options, string source)
    {
        var graph = model.Graph ?? throw new InvalidDataException("the model has no graph");
        var constants = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var initializer in graph.Initializer)
        {
            constants[initializer.Name] = initializer;
        }

        var used = new HashSet<NodeProto>();
        foreach (var node in graph.Node.Where(n => n.OpType == "Constant"))
        {
            var value = node.Attribute.FirstOrDefault(a => a.Name == "value")?.T
                ?? throw new InvalidDataException($"Constant node '{OnnxGraph.NodeName(node)}' has no tensor 'value' (only tensor constants are supported)");
            constants[node.Output[0]] = value;
            used.Add(node);
        }

        var graphInputs = graph.Input.Select(v => v.Name).Where(n => !constants.ContainsKey(n)).ToHashSet(StringComparer.Ordinal);
        var lstmNodes = graph.Node.Where(n => n.OpType == "LSTM").ToList();
        if (lstmNodes.Count != 1)
        {
            throw new InvalidDataException(lstmNodes.Count == 0
                ? "the graph has no LSTM node; expected one LSTM layer with a linear head"
                : $"the graph has {lstmNodes.Count} LSTM nodes ({string.Join(", ", lstmNodes.Select(OnnxGraph.NodeName))}); only one layer is supported");
        }

        var lstm = lstmNodes[0];
        used.Add(lstm);
        var lstmName = $"LSTM node '{OnnxGraph.NodeName(lstm)}'";
        var hiddenSize = CheckLstmAttributes(lstm, lstmName);

        string? Input(int index) => index < lstm.Input.Count && lstm.Input[index].Length > 0 ? lstm.Input[index] : null;
        var x = Input(0) ?? throw new InvalidDataException($"{lstmName} has no input X");
        if (!graphInputs.Contains(x))
        {
            throw new InvalidDataException($"{lstmName}: input X '{x}' must be a graph input (preprocessing nodes before the LSTM are not supported)");
        }

        var w = OnnxGraph.Constant(constants, Input(1), "W", lstmName);
        var r = OnnxGraph.Constant(constants, Input(2), "R", lstmName);
        if (w.Dims.Count != 3 || w.Dims[0] != 1 || w.Dims[1] != 4 * hiddenSize || w.Dims[2] < 1)
        {
            throw new InvalidDataException($"tensor '{w.Name}' (W of {lstmName}) has shape {OnnxTensors.Shape(w)}, expected (1, 4H = {4 * hiddenSize}, I)");
        }

        var inputSize = (int)w.Dims[2];
        OnnxGraph.ExpectShape(r, $"R of {lstmName}", 1, 4 * hiddenSize, hiddenSize);
        var bias = new float[8 * hiddenSize];
        if (Input(3) is not null)
        {
            var b = OnnxGraph.Constant(constants, Input(3), "B", lstmName);
            OnnxGraph.ExpectShape(b, $"B of {lstmName}", 1, 8 * hiddenSize);
            bias = OnnxTensors.ReadFloats(b);
        }

        if (Input(4) is { } lengths)
        {
            throw new InvalidDataException($"{lstmName}: input sequence_lens '{lengths}' is not supported (a stream has no length)");
        }

        CheckInitialState(Input(5), "initial_h", constants, graphInputs, hiddenSize, lstmName);
        CheckInitialState(Input(6), "initial_c", constants, graphInputs, hiddenSize, lstmName);
        if (Input(7) is { } peepholes)
        {
            throw new InvalidDataException($"{lstmName}: peephole input P '{peepholes}' is not supported");
        }

        var (headWeights, headBias, headOutput) = OnnxHeadReader.FollowHead(graph, lstm, constants, used, hiddenSize);
        if (!graph.Output.Any(o => o.Name == headOutput))
        {
            throw new InvalidDataException($"the head's output '{headOutput}' is not a graph output");
        }

        foreach (var node in graph.Node)
        {
            if (!used.Contains(node))
            {
                throw new InvalidDataException($"node '{OnnxGraph.NodeName(node)}' ({node.OpType}) is not part of a one-layer LSTM with a linear head");
            }
        }

        var outputSize = headBias.Length;
        if (outputSize % ModelConfig.PoseDims != 0)
        {
            throw new InvalidDataException($"the head has {outputSize} outputs, expected 3K (x, y, yaw for each of K poses)");
        }

        var config = OnnxConfigReader.BuildConfig(model, options, source, hiddenSize, inputSize, outputSize / ModelConfig.PoseDims);
        var weights = new LstmWeights(inputSize, hiddenSize, outputSize);
        OnnxGateOrder.FromOnnx(OnnxTensors.ReadFloats(w), weights.InputWeights, hiddenSize, inputSize);
        OnnxGateOrder.FromOnnx(OnnxTensors.ReadFloats(r), weights.RecurrentWeights, hiddenSize, hiddenSize);

        // b = Wb + Rb: the two biases are always added together, so one is enough.
        var summed = new float[4 * hiddenSize];
        for (var j = 0; j < summed.Length; j++)
        {
            summed[j] = bias[j] + bias[(4 * hiddenSize) + j];
        }

        OnnxGateOrder.FromOnnx(summed, weights.GateBias, hiddenSize, 1);
        headWeights.CopyTo(weights.HeadWeights, 0);
        headBias.CopyTo(weights.HeadBias, 0);
        foreach (var tensor in weights.Tensors)
        {
            if (tensor.Any(v => !float.IsFinite(v)))
            {
                throw new InvalidDataException("a weight is NaN or infinite");
            }
        }

        return new LstmModel(config, weights);
    }

    private static int CheckLstmAttributes(NodeProto lstm, string lstmName)
    {
        long? hidden = null;
        foreach (var a in lstm.Attribute)
        {
            switch (a.Name)
            {
                case "hidden_size":
                    hidden = a.I;
                    break;
                case "direction" when a.S.ToStringUtf8() == "forward":
                case "layout" when a.I == 0:
                case "input_forget" when a.I == 0:
                    break;
                case "activations" when a.Strings.Select(s => s.ToStringUtf8()).SequenceEqual(DefaultActivations, StringComparer.OrdinalIgnoreCase):
                    break;
                case "direction":
                    throw new InvalidDataException($"{lstmName}: direction '{a.S.ToStringUtf8()}' is not supported (forward only)");
                case "activations":
                    throw new InvalidDataException($"{lstmName}: activations {string.Join(", ", a.Strings.Select(s => s.ToStringUtf8()))} are not supported (Sigmoid, Tanh, Tanh only)");
                default:
                    throw new InvalidDataException($"{lstmName}: attribute '{a.Name}' is not supported");
            }
        }

        if (hidden is not { } h || h is < 1 or > 4096)
        {
            throw new InvalidDataException($"{lstmName}: attribute hidden_size is {(hidden is null ? "missing" : hidden)}, expected 1..4096");
        }

        return (int)h;
    }

    private static void CheckInitialState(string? name, string role, Dictionary<string, TensorProto> constants, HashSet<string> graphInputs, int hiddenSize, string lstmName)
    {
        if (name is null || graphInputs.Contains(name))
        {
            return;
        }

        var tensor = OnnxGraph.Constant(constants, name, role, lstmName);
        OnnxGraph.ExpectShape(tensor, $"{role} of {lstmName}", 1, 1, hiddenSize);
        if (OnnxTensors.ReadFloats(tensor).Any(v => v != 0))
        {
            throw new InvalidDataException($"tensor '{name}' ({role} of {lstmName}) is a non-zero constant; a stream starts from h = c = 0");
        }
    }
}
