namespace EdgeLstm.Predictor.Model;

/// <summary>How the model's matrices are stored and multiplied.</summary>
public enum QuantisationMode : byte
{
    /// <summary>float32 weights: the reference.</summary>
    Float32 = 0,

    /// <summary>int8 weights with one scale per output row; int8 x and h; int32 accumulation.</summary>
    Int8 = 1,
}
