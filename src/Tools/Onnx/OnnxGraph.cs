using EdgeLstm.Tools.Onnx.Proto;

namespace EdgeLstm.Tools.Onnx;

/// <summary>Graph look-ups of the importer: constants with their shapes, a value's single consumer, node names for messages.</summary>
internal static class OnnxGraph
{
    public static TensorProto Constant(Dictionary<string, TensorProto> constants, string? name, string role, string owner)
    {
        if (name is null)
        {
            throw new InvalidDataException($"{owner}: input {role} is missing");
        }

        return constants.TryGetValue(name, out var tensor)
            ? tensor
            : throw new InvalidDataException($"tensor '{name}' ({role} of {owner}) is missing: it must be an initializer or a Constant node");
    }

    public static void ExpectShape(TensorProto tensor, string role, params long[] shape)
    {
        if (!tensor.Dims.SequenceEqual(shape))
        {
            throw new InvalidDataException($"tensor '{tensor.Name}' ({role}) has shape {OnnxTensors.Shape(tensor)}, expected ({string.Join(", ", shape)})");
        }
    }

    public static NodeProto SingleConsumer(GraphProto graph, string value, string what) =>
        SingleConsumerOrNone(graph, value) ?? throw new InvalidDataException($"nothing consumes {what} ('{value}'); expected a linear head");

    public static NodeProto? SingleConsumerOrNone(GraphProto graph, string value)
    {
        var consumers = graph.Node.Where(n => n.Input.Contains(value)).ToList();
        return consumers.Count switch
        {
            0 => null,
            1 => consumers[0],
            _ => throw new InvalidDataException($"'{value}' feeds {consumers.Count} nodes ({string.Join(", ", consumers.Select(NodeName))}); expected a single linear head"),
        };
    }

    public static string NodeName(NodeProto node) => node.Name.Length > 0 ? node.Name : $"{node.OpType}→{string.Join(",", node.Output)}";
}
