using System.Buffers.Binary;
using System.Runtime.InteropServices;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Tools.Onnx.Proto;
using Google.Protobuf;

namespace EdgeLstm.Tools.Onnx;

/// <summary>Building and reading ONNX tensors and value types (little-endian raw data, as ONNX stores it).</summary>
public static class OnnxTensors
{
    public static TensorProto Float(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    public static TensorProto Int64(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Int64Data.AddRange(values.ToArray());
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    /// <summary>A float tensor type; a dimension is a number or the name of a symbolic size ("seq").</summary>
    public static ValueInfoProto FloatValue(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(d switch
            {
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                _ => new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) },
            });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>The values of a float32 tensor, from raw_data or float_data.</summary>
    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new InvalidDataException($"tensor '{tensor.Name}' has data type {(TensorProto.Types.DataType)tensor.DataType}, expected FLOAT");
        }

        var count = ElementCount(tensor);
        if (!tensor.RawData.IsEmpty)
        {
            var raw = tensor.RawData.Span;
            if (raw.Length != count * sizeof(float))
            {
                throw new InvalidDataException($"tensor '{tensor.Name}' of shape ({string.Join(", ", tensor.Dims)}) has {raw.Length} bytes of raw data, expected {count * sizeof(float)}");
            }

            var values = new float[count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
            }

            return values;
        }

        if (tensor.FloatData.Count != count)
        {
            throw new InvalidDataException($"tensor '{tensor.Name}' of shape ({string.Join(", ", tensor.Dims)}) holds {tensor.FloatData.Count} values, expected {count}");
        }

        return [.. tensor.FloatData];
    }

    /// <summary>The values of an int64 tensor (axes, shapes), from raw_data or int64_data.</summary>
    public static long[] ReadInt64s(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Int64)
        {
            throw new InvalidDataException($"tensor '{tensor.Name}' has data type {(TensorProto.Types.DataType)tensor.DataType}, expected INT64");
        }

        if (!tensor.RawData.IsEmpty)
        {
            return [.. MemoryMarshal.Cast<byte, long>(tensor.RawData.Span).ToArray().Select(v => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v))];
        }

        return [.. tensor.Int64Data];
    }

    public static string Shape(TensorProto tensor) => $"({string.Join(", ", tensor.Dims)})";

    private static long ElementCount(TensorProto tensor)
    {
        long count = 1;
        foreach (var d in tensor.Dims)
        {
            if (d < 0 || d > int.MaxValue)
            {
                throw new InvalidDataException($"tensor '{tensor.Name}' has dimension {d}");
            }

            count *= d;
        }

        return count <= int.MaxValue ? count : throw new InvalidDataException($"tensor '{tensor.Name}' is too large");
    }
}
