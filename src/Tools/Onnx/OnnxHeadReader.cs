using EdgeLstm.Tools.Onnx.Proto;

namespace EdgeLstm.Tools.Onnx;

/// <summary>The linear head after the LSTM: Squeeze then Gemm, or Squeeze then MatMul + Add.</summary>
internal static class OnnxHeadReader
{
    /// <summary>Y → Squeeze → Gemm, or Y → Squeeze → MatMul → Add; returns W_y (3K, H), b_y and the output name.</summary>
    public static (float[] Weights, float[] Bias, string Output) FollowHead(GraphProto graph, NodeProto lstm, Dictionary<string, TensorProto> constants, HashSet<NodeProto> used, int hiddenSize)
    {
        var squeeze = OnnxGraph.SingleConsumer(graph, lstm.Output[0], "Y of the LSTM");
        if (squeeze.OpType != "Squeeze")
        {
            throw new InvalidDataException($"node '{OnnxGraph.NodeName(squeeze)}' ({squeeze.OpType}) follows the LSTM; expected Squeeze then Gemm or MatMul + Add");
        }

        used.Add(squeeze);
        var axes = squeeze.Attribute.FirstOrDefault(a => a.Name == "axes")?.Ints.ToArray()
            ?? (squeeze.Input.Count > 1 ? OnnxTensors.ReadInt64s(OnnxGraph.Constant(constants, squeeze.Input[1], "axes", $"Squeeze node '{OnnxGraph.NodeName(squeeze)}'")) : null);
        var normalised = axes?.Select(a => a < 0 ? a + 4 : a).Order().ToArray();
        if (normalised is null || !(normalised.SequenceEqual([1L]) || normalised.SequenceEqual([1L, 2L])))
        {
            throw new InvalidDataException($"Squeeze node '{OnnxGraph.NodeName(squeeze)}' removes axes [{string.Join(", ", axes ?? [])}]; expected [1] or [1, 2] of Y (seq, 1, 1, H)");
        }

        var head = OnnxGraph.SingleConsumer(graph, squeeze.Output[0], $"the output of Squeeze node '{OnnxGraph.NodeName(squeeze)}'");
        used.Add(head);
        var headName = $"{head.OpType} node '{OnnxGraph.NodeName(head)}'";
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

                var b = OnnxGraph.Constant(constants, head.Input.Count > 1 ? head.Input[1] : null, "B", headName);
                var weights = HeadWeights(b, transB == 1, hiddenSize, headName);
                var bias = head.Input.Count > 2 && head.Input[2].Length > 0
                    ? HeadBias(OnnxGraph.Constant(constants, head.Input[2], "C", headName), weights.Length / hiddenSize, headName)
                    : new float[weights.Length / hiddenSize];
                return (weights, bias, head.Output[0]);
            }

            case "MatMul":
            {
                var weights = HeadWeights(OnnxGraph.Constant(constants, head.Input[1], "B", headName), transposed: false, hiddenSize, headName);
                var outputs = weights.Length / hiddenSize;
                var add = OnnxGraph.SingleConsumerOrNone(graph, head.Output[0]);
                if (add is null)
                {
                    return (weights, new float[outputs], head.Output[0]);
                }

                if (add.OpType != "Add")
                {
                    throw new InvalidDataException($"node '{OnnxGraph.NodeName(add)}' ({add.OpType}) follows {headName}; expected Add (the bias) or a graph output");
                }

                used.Add(add);
                var biasName = add.Input[0] == head.Output[0] ? add.Input[1] : add.Input[0];
                return (weights, HeadBias(OnnxGraph.Constant(constants, biasName, "bias", $"Add node '{OnnxGraph.NodeName(add)}'"), outputs, $"Add node '{OnnxGraph.NodeName(add)}'"), add.Output[0]);
            }

            default:
                throw new InvalidDataException($"node '{OnnxGraph.NodeName(head)}' ({head.OpType}) follows the Squeeze; expected Gemm or MatMul (a linear head)");
        }
    }

    /// <summary>W_y as (3K, H): Gemm with transB stores it so; MatMul and Gemm without it store (H, 3K).</summary>
    public static float[] HeadWeights(TensorProto tensor, bool transposed, int hiddenSize, string nodeName)
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

    public static float[] HeadBias(TensorProto tensor, int outputs, string nodeName)
    {
        var values = OnnxTensors.ReadFloats(tensor);
        if (values.Length != outputs || tensor.Dims.Count == 0 || tensor.Dims[^1] != outputs)
        {
            throw new InvalidDataException($"tensor '{tensor.Name}' ({nodeName}) has shape {OnnxTensors.Shape(tensor)}, expected ({outputs}) to match the head weights");
        }

        return values;
    }
}
