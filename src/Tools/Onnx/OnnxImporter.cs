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
                ?? throw new InvalidDataException($"Constant node '{NodeName(node)}' has no tensor 'value' (only tensor constants are supported)");
            constants[node.Output[0]] = value;
            used.Add(node);
        }

        var graphInputs = graph.Input.Select(v => v.Name).Where(n => !constants.ContainsKey(n)).ToHashSet(StringComparer.Ordinal);
        var lstmNodes = graph.Node.Where(n => n.OpType == "LSTM").ToList();
        if (lstmNodes.Count != 1)
        {
            throw new InvalidDataException(lstmNodes.Count == 0
                ? "the graph has no LSTM node; expected one LSTM layer with a linear head"
                : $"the graph has {lstmNodes.Count} LSTM nodes ({string.Join(", ", lstmNodes.Select(NodeName))}); only one layer is supported");
        }

        var lstm = lstmNodes[0];
        used.Add(lstm);
        var lstmName = $"LSTM node '{NodeName(lstm)}'";
        var hiddenSize = CheckLstmAttributes(lstm, lstmName);

        string? Input(int index) => index < lstm.Input.Count && lstm.Input[index].Length > 0 ? lstm.Input[index] : null;
        var x = Input(0) ?? throw new InvalidDataException($"{lstmName} has no input X");
        if (!graphInputs.Contains(x))
        {
            throw new InvalidDataException($"{lstmName}: input X '{x}' must be a graph input (preprocessing nodes before the LSTM are not supported)");
        }

        var w = Constant(constants, Input(1), "W", lstmName);
        var r = Constant(constants, Input(2), "R", lstmName);
        if (w.Dims.Count != 3 || w.Dims[0] != 1 || w.Dims[1] != 4 * hiddenSize || w.Dims[2] < 1)
        {
            throw new InvalidDataException($"tensor '{w.Name}' (W of {lstmName}) has shape {OnnxTensors.Shape(w)}, expected (1, 4H = {4 * hiddenSize}, I)");
        }

        var inputSize = (int)w.Dims[2];
        ExpectShape(r, $"R of {lstmName}", 1, 4 * hiddenSize, hiddenSize);
        var bias = new float[8 * hiddenSize];
        if (Input(3) is not null)
        {
            var b = Constant(constants, Input(3), "B", lstmName);
            ExpectShape(b, $"B of {lstmName}", 1, 8 * hiddenSize);
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

        var (headWeights, headBias, headOutput) = FollowHead(graph, lstm, constants, used, hiddenSize);
        if (!graph.Output.Any(o => o.Name == headOutput))
        {
            throw new InvalidDataException($"the head's output '{headOutput}' is not a graph output");
        }

        foreach (var node in graph.Node)
        {
            if (!used.Contains(node))
            {
                throw new InvalidDataException($"node '{NodeName(node)}' ({node.OpType}) is not part of a one-layer LSTM with a linear head");
            }
        }

        var outputSize = headBias.Length;
        if (outputSize % ModelConfig.PoseDims != 0)
        {
            throw new InvalidDataException($"the head has {outputSize} outputs, expected 3K (x, y, yaw for each of K poses)");
        }

        var config = BuildConfig(model, options, source, hiddenSize, inputSize, outputSize / ModelConfig.PoseDims);
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

    /// <summary>Y → Squeeze → Gemm, or Y → Squeeze → MatMul → Add; returns W_y (3K, H), b_y and the output name.</summary>
    private static (float[] Weights, float[] Bias, string Output) FollowHead(GraphProto graph, NodeProto lstm, Dictionary<string, TensorProto> constants, HashSet<NodeProto> used, int hiddenSize)
    {
        var squeeze = SingleConsumer(graph, lstm.Output[0], "Y of the LSTM");
        if (squeeze.OpType != "Squeeze")
        {
            throw new InvalidDataException($"node '{NodeName(squeeze)}' ({squeeze.OpType}) follows the LSTM; expected Squeeze then Gemm or MatMul + Add");
        }

        used.Add(squeeze);
        var axes = squeeze.Attribute.FirstOrDefault(a => a.Name == "axes")?.Ints.ToArray()
            ?? (squeeze.Input.Count > 1 ? OnnxTensors.ReadInt64s(Constant(constants, squeeze.Input[1], "axes", $"Squeeze node '{NodeName(squeeze)}'")) : null);
        var normalised = axes?.Select(a => a < 0 ? a + 4 : a).Order().ToArray();
        if (normalised is null || !(normalised.SequenceEqual([1L]) || normalised.SequenceEqual([1L, 2L])))
        {
            throw new InvalidDataException($"Squeeze node '{NodeName(squeeze)}' removes axes [{string.Join(", ", axes ?? [])}]; expected [1] or [1, 2] of Y (seq, 1, 1, H)");
        }

        var head = SingleConsumer(graph, squeeze.Output[0], $"the output of Squeeze node '{NodeName(squeeze)}'");
        used.Add(head);
        var headName = $"{head.OpType} node '{NodeName(head)}'";
        switch (head.OpType)
        {
            case "Gemm":
            {
                var transB = 0L;
                foreach (var a in head.Attribute)
                {
                    switch (a.Name)
                    {
                        case "transB":
                            transB = a.I;
                            break;
                        case "transA" when a.I == 0:
                        case "alpha" when a.F == 1f:
                        case "beta" when a.F == 1f:
                            break;
                        default:
                            throw new InvalidDataException($"{headName}: attribute '{a.Name}' is not supported with that value");
                    }
                }

                var b = Constant(constants, head.Input.Count > 1 ? head.Input[1] : null, "B", headName);
                var weights = HeadWeights(b, transB == 1, hiddenSize, headName);
                var bias = head.Input.Count > 2 && head.Input[2].Length > 0
                    ? HeadBias(Constant(constants, head.Input[2], "C", headName), weights.Length / hiddenSize, headName)
                    : new float[weights.Length / hiddenSize];
                return (weights, bias, head.Output[0]);
            }

            case "MatMul":
            {
                var weights = HeadWeights(Constant(constants, head.Input[1], "B", headName), transposed: false, hiddenSize, headName);
                var outputs = weights.Length / hiddenSize;
                var add = SingleConsumerOrNone(graph, head.Output[0]);
                if (add is null)
                {
                    return (weights, new float[outputs], head.Output[0]);
                }

                if (add.OpType != "Add")
                {
                    throw new InvalidDataException($"node '{NodeName(add)}' ({add.OpType}) follows {headName}; expected Add (the bias) or a graph output");
                }

                used.Add(add);
                var biasName = add.Input[0] == head.Output[0] ? add.Input[1] : add.Input[0];
                return (weights, HeadBias(Constant(constants, biasName, "bias", $"Add node '{NodeName(add)}'"), outputs, $"Add node '{NodeName(add)}'"), add.Output[0]);
            }

            default:
                throw new InvalidDataException($"node '{NodeName(head)}' ({head.OpType}) follows the Squeeze; expected Gemm or MatMul (a linear head)");
        }
    }

    /// <summary>W_y as (3K, H): Gemm with transB stores it so; MatMul and Gemm without it store (H, 3K).</summary>
    private static float[] HeadWeights(TensorProto tensor, bool transposed, int hiddenSize, string nodeName)
    {
        if (tensor.Dims.Count != 2 || tensor.Dims[transposed ? 1 : 0] != hiddenSize)
        {
            throw new InvalidDataException($"tensor '{tensor.Name}' ({nodeName}) has shape {OnnxTensors.Shape(tensor)}, expected {(transposed ? "(3K, H)" : "(H, 3K)")} with H = {hiddenSize}");
        }

        var values = OnnxTensors.ReadFloats(tensor);
        if (transposed)
        {
            return values;
        }

        var outputs = (int)tensor.Dims[1];
        var result = new float[values.Length];
        for (var k = 0; k < hiddenSize; k++)
        {
            for (var j = 0; j < outputs; j++)
            {
                result[(j * hiddenSize) + k] = values[(k * outputs) + j];
            }
        }

        return result;
    }

    private static float[] HeadBias(TensorProto tensor, int outputs, string nodeName)
    {
        var values = OnnxTensors.ReadFloats(tensor);
        if (values.Length != outputs || tensor.Dims.Count == 0 || tensor.Dims[^1] != outputs)
        {
            throw new InvalidDataException($"tensor '{tensor.Name}' ({nodeName}) has shape {OnnxTensors.Shape(tensor)}, expected ({outputs}) to match the head weights");
        }

        return values;
    }

    private static void CheckInitialState(string? name, string role, Dictionary<string, TensorProto> constants, HashSet<string> graphInputs, int hiddenSize, string lstmName)
    {
        if (name is null || graphInputs.Contains(name))
        {
            return;
        }

        var tensor = Constant(constants, name, role, lstmName);
        ExpectShape(tensor, $"{role} of {lstmName}", 1, 1, hiddenSize);
        if (OnnxTensors.ReadFloats(tensor).Any(v => v != 0))
        {
            throw new InvalidDataException($"tensor '{name}' ({role} of {lstmName}) is a non-zero constant; a stream starts from h = c = 0");
        }
    }

    private static TensorProto Constant(Dictionary<string, TensorProto> constants, string? name, string role, string owner)
    {
        if (name is null)
        {
            throw new InvalidDataException($"{owner}: input {role} is missing");
        }

        return constants.TryGetValue(name, out var tensor)
            ? tensor
            : throw new InvalidDataException($"tensor '{name}' ({role} of {owner}) is missing: it must be an initializer or a Constant node");
    }

    private static void ExpectShape(TensorProto tensor, string role, params long[] shape)
    {
        if (!tensor.Dims.SequenceEqual(shape))
        {
            throw new InvalidDataException($"tensor '{tensor.Name}' ({role}) has shape {OnnxTensors.Shape(tensor)}, expected ({string.Join(", ", shape)})");
        }
    }

    private static NodeProto SingleConsumer(GraphProto graph, string value, string what) =>
        SingleConsumerOrNone(graph, value) ?? throw new InvalidDataException($"nothing consumes {what} ('{value}'); expected a linear head");

    private static NodeProto? SingleConsumerOrNone(GraphProto graph, string value)
    {
        var consumers = graph.Node.Where(n => n.Input.Contains(value)).ToList();
        return consumers.Count switch
        {
            0 => null,
            1 => consumers[0],
            _ => throw new InvalidDataException($"'{value}' feeds {consumers.Count} nodes ({string.Join(", ", consumers.Select(NodeName))}); expected a single linear head"),
        };
    }

    private static string NodeName(NodeProto node) => node.Name.Length > 0 ? node.Name : $"{node.OpType}→{string.Join(",", node.Output)}";

    private static ModelConfig BuildConfig(ModelProto model, OnnxImportOptions options, string source, int hiddenSize, int inputSize, int horizonSteps)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in model.MetadataProps)
        {
            metadata[entry.Key] = entry.Value;
        }

        var names = options.Features ?? List(metadata, OnnxMetadata.Features, s => s)
            ?? throw new ArgumentException($"no feature names: metadata '{OnnxMetadata.Features}' is absent; pass --features");
        var mean = options.Mean ?? List(metadata, OnnxMetadata.FeatureMean, Float)
            ?? throw new ArgumentException($"no feature means: metadata '{OnnxMetadata.FeatureMean}' is absent; pass --mean");
        var std = options.Std ?? List(metadata, OnnxMetadata.FeatureStd, Float)
            ?? throw new ArgumentException($"no feature standard deviations: metadata '{OnnxMetadata.FeatureStd}' is absent; pass --std");
        if (names.Count != inputSize || mean.Count != inputSize || std.Count != inputSize)
        {
            throw new ArgumentException($"the LSTM takes I = {inputSize} inputs but {names.Count} feature names, {mean.Count} means and {std.Count} stds are given");
        }

        foreach (var name in names)
        {
            if (!FeatureExtractor.IsKnown(name))
            {
                throw new ArgumentException($"unknown feature '{name}'");
            }
        }

        var outputs = ModelConfig.PoseDims * horizonSteps;
        var scale = options.OutputScale ?? List(metadata, OnnxMetadata.OutputScale, Float) ?? [1f];
        if (scale.Count != 1 && scale.Count != outputs)
        {
            throw new ArgumentException($"{scale.Count} output scales given; expected 1 or 3K = {outputs}");
        }

        var prior = options.Prior
            ?? (metadata.TryGetValue(OnnxMetadata.Prior, out var p) ? Enum.TryParse<PriorKind>(p, ignoreCase: true, out var kind) ? kind : throw new ArgumentException($"metadata '{OnnxMetadata.Prior}' is '{p}', not a known prior") : PriorKind.None);
        var defaults = new ModelConfig { Name = "defaults", HiddenSize = 1, Features = [], OutputScale = [] };
        if (metadata.TryGetValue(OnnxMetadata.HorizonSteps, out var k) && k != horizonSteps.ToString(CultureInfo.InvariantCulture))
        {
            throw new ArgumentException($"metadata '{OnnxMetadata.HorizonSteps}' is {k} but the head has 3K = {outputs} outputs");
        }

        var config = new ModelConfig
        {
            Name = options.Name ?? (metadata.TryGetValue(OnnxMetadata.Name, out var n) ? n : model.Graph.Name.Length > 0 ? model.Graph.Name : Path.GetFileNameWithoutExtension(source)),
            HiddenSize = hiddenSize,
            HorizonSteps = horizonSteps,
            StepSeconds = options.StepSeconds ?? Number(metadata, OnnxMetadata.StepSeconds) ?? defaults.StepSeconds,
            FrameRateHz = options.FrameRateHz ?? Number(metadata, OnnxMetadata.FrameRateHz) ?? defaults.FrameRateHz,
            Prior = prior,
            PriorTau = options.PriorTau ?? Number(metadata, OnnxMetadata.PriorTau) ?? defaults.PriorTau,
            PriorSpeedScale = Number(metadata, OnnxMetadata.PriorSpeedScale) ?? defaults.PriorSpeedScale,
            PriorYawSource = metadata.TryGetValue(OnnxMetadata.PriorYawSource, out var y) && Enum.TryParse<PriorYawSource>(y, ignoreCase: true, out var yawSource) ? yawSource : defaults.PriorYawSource,
            Provenance = metadata.TryGetValue(OnnxMetadata.Provenance, out var provenance) ? provenance : string.Empty,
            Features = [.. names.Select((name, i) => new FeatureSpec(name, mean[i], std[i]))],
            OutputScale = scale.Count == 1 ? [.. Enumerable.Repeat(scale[0], outputs)] : [.. scale],
            Quantisation = QuantisationMode.Float32,
            Uncertainty = ImportUncertainty(metadata),
        };
        config.Validate();
        return config;
    }

    private static UncertaintyModel? ImportUncertainty(Dictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(OnnxMetadata.UncertaintyMethod, out var text) || text == "none")
        {
            return null;
        }

        if (!Enum.TryParse<UncertaintyMethod>(text, ignoreCase: true, out var method))
        {
            throw new ArgumentException($"metadata '{OnnxMetadata.UncertaintyMethod}' is '{text}', not a known method");
        }

        var floors = List(metadata, OnnxMetadata.UncertaintyFloors, Float) ?? throw new ArgumentException($"metadata '{OnnxMetadata.UncertaintyFloors}' is absent");
        if (floors.Count != 4)
        {
            throw new ArgumentException($"metadata '{OnnxMetadata.UncertaintyFloors}' holds {floors.Count} values, expected 4");
        }

        float[] Required(string key) => [.. List(metadata, key, Float) ?? throw new ArgumentException($"metadata '{key}' is absent")];
        return new UncertaintyModel
        {
            Method = method,
            Coefficients = Required(OnnxMetadata.UncertaintyCoefficients),
            CalibrationScale = Required(OnnxMetadata.UncertaintyScale),
            BaselineSigma = Required(OnnxMetadata.UncertaintyBaselineSigma),
            SpeedFloor = floors[0],
            TurnFloor = floors[1],
            PositionSpreadFloor = floors[2],
            YawSpreadFloor = floors[3],
            Provenance = metadata.TryGetValue(OnnxMetadata.UncertaintyProvenance, out var provenance) ? provenance : string.Empty,
        };
    }

    private static List<T>? List<T>(Dictionary<string, string> metadata, string key, Func<string, T> parse) =>
        metadata.TryGetValue(key, out var text) ? [.. text.Split(',', StringSplitOptions.TrimEntries).Select(parse)] : null;

    private static double? Number(Dictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var text) ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    private static float Float(string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new ArgumentException($"'{text}' in the metadata is not a number");
}
