using System.Numerics.Tensors;
using EdgeLstm.Predictor.Quantisation;

namespace EdgeLstm.Predictor.Tests.Quantisation;

/// <summary>
/// The int8 step as it was before the kernels were fused (commit f5c1769), kept as plain code so
/// that a rewrite of the production kernel can be compared with it: scalar int32 products, the
/// same dequantisation order, and TensorPrimitives' sigmoid and tanh over the same gate slices.
/// It reads the quantised weights only, never the production kernel.
/// </summary>
internal sealed class FrozenInt8Step
{
    private readonly QuantisedLstmWeights _weights;
    private readonly int _hiddenSize;
    private readonly float[] _gates;

    public FrozenInt8Step(QuantisedLstmWeights weights)
    {
        _weights = weights;
        _hiddenSize = weights.HiddenSize;
        _gates = new float[4 * _hiddenSize];
        Input = new float[weights.InputSize];
        Hidden = new float[_hiddenSize];
        Cell = new float[_hiddenSize];
        QuantisedHidden = new sbyte[_hiddenSize];
        Output = new float[weights.OutputSize];
    }

    public float[] Input { get; }

    public float[] Hidden { get; }

    public float[] Cell { get; }

    /// <summary>h_q = round(127·h) after the last step.</summary>
    public sbyte[] QuantisedHidden { get; }

    public float[] Output { get; }

    public void Step()
    {
        var h = _hiddenSize;
        var w = _weights;
        var x = new sbyte[w.InputSize];
        for (var k = 0; k < x.Length; k++)
        {
            x[k] = (sbyte)MathF.Round(Math.Clamp(Input[k] * w.InverseInputScale, -127, 127));
        }

        // z_r = b_r + (s_W,r·s_x)·(W_q·x_q)_r + (s_U,r·s_h)·(U_q·h_q)_r, evaluated left to right.
        for (var r = 0; r < 4 * h; r++)
        {
            var p = Dot(w.InputWeights, r, x);
            var q = Dot(w.RecurrentWeights, r, QuantisedHidden);
            _gates[r] = w.GateBias[r] + (w.GateInputFactors[r] * p) + (w.GateRecurrentFactors[r] * q);
        }

        var gates = _gates.AsSpan();
        TensorPrimitives.Sigmoid(gates[..(2 * h)], gates[..(2 * h)]);
        TensorPrimitives.Tanh(gates.Slice(2 * h, h), gates.Slice(2 * h, h));
        TensorPrimitives.Sigmoid(gates.Slice(3 * h, h), gates.Slice(3 * h, h));
        TensorPrimitives.Multiply(Cell, gates.Slice(h, h), Cell);
        TensorPrimitives.FusedMultiplyAdd(gates[..h], gates.Slice(2 * h, h), Cell, Cell);
        TensorPrimitives.Tanh(Cell, Hidden);
        TensorPrimitives.Multiply(Hidden, gates.Slice(3 * h, h), Hidden);
        for (var j = 0; j < h; j++)
        {
            QuantisedHidden[j] = (sbyte)MathF.Round(Math.Clamp(Hidden[j] * 127, -127, 127));
        }

        for (var r = 0; r < w.OutputSize; r++)
        {
            Output[r] = w.HeadBias[r] + (w.HeadFactors[r] * Dot(w.HeadWeights, r, QuantisedHidden));
        }
    }

    private static int Dot(QuantisedMatrix matrix, int row, ReadOnlySpan<sbyte> vector)
    {
        var sum = 0;
        for (var k = 0; k < matrix.Columns; k++)
        {
            sum += matrix.Values[(row * matrix.Stride) + k] * vector[k];
        }

        return sum;
    }
}
