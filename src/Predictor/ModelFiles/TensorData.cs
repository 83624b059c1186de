namespace EdgeLstm.Predictor.ModelFiles;

/// <summary>Element type of a stored tensor.</summary>
public enum TensorType : byte
{
    Float32 = 0,
    Int8 = 1,
}

/// <summary>A named tensor as stored in a model file: float32 or int8 data with its shape.</summary>
public sealed class TensorData
{
    private TensorData(string name, int[] shape, float[]? floats, sbyte[]? bytes)
    {
        Name = name;
        Shape = shape;
        Floats = floats;
        Bytes = bytes;
    }

    public string Name { get; }

    public int[] Shape { get; }

    public float[]? Floats { get; }

    public sbyte[]? Bytes { get; }

    public TensorType Type => Floats is not null ? TensorType.Float32 : TensorType.Int8;

    public int Length => Floats?.Length ?? Bytes!.Length;

    public static TensorData Of(string name, float[] data, params int[] shape) => new(name, CheckShape(name, shape, data.Length), data, null);

    public static TensorData Of(string name, sbyte[] data, params int[] shape) => new(name, CheckShape(name, shape, data.Length), null, data);

    private static int[] CheckShape(string name, int[] shape, int length)
    {
        long product = 1;
        foreach (var d in shape)
        {
            product *= d;
        }

        if (product != length)
        {
            throw new ArgumentException($"tensor '{name}': shape ({string.Join(", ", shape)}) does not hold {length} values", nameof(shape));
        }

        return shape;
    }
}
