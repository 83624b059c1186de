using System.Numerics.Tensors;
using EdgeLstm.Tools.Training;

namespace EdgeLstm.Tools.Tests.Core;

/// <summary>Forward and truncated-BPTT backward passes of <see cref="RnnWeights"/> over a chunk.</summary>
public sealed class TanhRnnSequenceRunner : ISequenceRunner
{
    private readonly RnnWeights _weights;
    private readonly int _hidden;
    private readonly float[] _inputs;  // (T, I)
    private readonly float[] _hiddens; // (T+1, H): h_0 is the carried state
    private readonly float[] _outputs; // (T, O)
    private readonly float[] _dHidden;
    private readonly float[] _dHiddenNext;
    private readonly float[] _dPre;

    public TanhRnnSequenceRunner(RnnWeights weights, int maxSteps)
    {
        _weights = weights;
        _hidden = weights.HiddenSize;
        _inputs = new float[maxSteps * weights.InputSize];
        _hiddens = new float[(maxSteps + 1) * _hidden];
        _outputs = new float[maxSteps * weights.OutputSize];
        _dHidden = new float[_hidden];
        _dHiddenNext = new float[_hidden];
        _dPre = new float[_hidden];
    }

    public int InputSize => _weights.InputSize;

    public int OutputSize => _weights.OutputSize;

    // h_t = tanh(W·x_t + U·h_{t−1} + b),  y_t = W_y·h_t + b_y
    public void Forward(ReadOnlySpan<float> inputs, int steps)
    {
        var inputSize = InputSize;
        var h = _hidden;
        inputs[..(steps * inputSize)].CopyTo(_inputs);
        for (var t = 0; t < steps; t++)
        {
            var x = _inputs.AsSpan(t * inputSize, inputSize);
            var before = _hiddens.AsSpan(t * h, h);
            var after = _hiddens.AsSpan((t + 1) * h, h);
            for (var r = 0; r < h; r++)
            {
                after[r] = _weights.Bias[r]
                    + TensorPrimitives.Dot(_weights.InputWeights.AsSpan(r * inputSize, inputSize), x)
                    + TensorPrimitives.Dot(_weights.RecurrentWeights.AsSpan(r * h, h), before);
            }

            TensorPrimitives.Tanh(after, after);
            var y = _outputs.AsSpan(t * OutputSize, OutputSize);
            for (var j = 0; j < OutputSize; j++)
            {
                y[j] = _weights.HeadBias[j] + TensorPrimitives.Dot(_weights.HeadWeights.AsSpan(j * h, h), after);
            }
        }
    }

    public ReadOnlySpan<float> Outputs(int steps) => _outputs.AsSpan(0, steps * OutputSize);

    // dh = W_yᵀ·dy_t + dh_{t+1};  dpre = dh ⊙ (1 − h_t²);  dW += dpre ⊗ x_t;  dU += dpre ⊗ h_{t−1};
    // db += dpre;  dh_{t−1} = Uᵀ·dpre
    public void Backward(ReadOnlySpan<float> outputGradients, int steps, IReadOnlyList<float[]> gradients)
    {
        var h = _hidden;
        var inputSize = InputSize;
        Array.Clear(_dHiddenNext);
        for (var t = steps - 1; t >= 0; t--)
        {
            var x = _inputs.AsSpan(t * inputSize, inputSize);
            var before = _hiddens.AsSpan(t * h, h);
            var after = _hiddens.AsSpan((t + 1) * h, h);
            var dy = outputGradients.Slice(t * OutputSize, OutputSize);
            _dHiddenNext.AsSpan().CopyTo(_dHidden);
            for (var j = 0; j < OutputSize; j++)
            {
                if (dy[j] == 0)
                {
                    continue;
                }

                TensorPrimitives.MultiplyAdd(_weights.HeadWeights.AsSpan(j * h, h), dy[j], _dHidden, _dHidden);
                TensorPrimitives.MultiplyAdd(after, dy[j], gradients[3].AsSpan(j * h, h), gradients[3].AsSpan(j * h, h));
                gradients[4][j] += dy[j];
            }

            Array.Clear(_dHiddenNext);
            for (var r = 0; r < h; r++)
            {
                var dPre = _dHidden[r] * (1 - (after[r] * after[r]));
                _dPre[r] = dPre;
                if (dPre == 0)
                {
                    continue;
                }

                TensorPrimitives.MultiplyAdd(x, dPre, gradients[0].AsSpan(r * inputSize, inputSize), gradients[0].AsSpan(r * inputSize, inputSize));
                TensorPrimitives.MultiplyAdd(before, dPre, gradients[1].AsSpan(r * h, h), gradients[1].AsSpan(r * h, h));
                TensorPrimitives.MultiplyAdd(_weights.RecurrentWeights.AsSpan(r * h, h), dPre, _dHiddenNext, _dHiddenNext);
                gradients[2][r] += dPre;
            }
        }
    }

    public void CarryState(int steps) => _hiddens.AsSpan(steps * _hidden, _hidden).CopyTo(_hiddens);

    public void ResetState() => Array.Clear(_hiddens, 0, _hidden);
}
