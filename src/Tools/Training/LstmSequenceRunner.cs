using System.Numerics.Tensors;
using EdgeLstm.Predictor.Model;

namespace EdgeLstm.Tools.Training;

/// <summary>
/// Forward and backward passes of the LSTM and its head over a chunk of one stream. The forward
/// pass calls the same <see cref="FloatLstmKernel"/> stages as inference, so a trained model runs
/// exactly as it was trained.
/// </summary>
public sealed class LstmSequenceRunner : ISequenceRunner
{
    private readonly LstmWeights _weights;
    private readonly int _hidden;
    private readonly float[] _inputs;   // (T, I)
    private readonly float[] _gates;    // (T, 4H) activated i, f, g, o
    private readonly float[] _cells;    // (T+1, H): c_0 is the carried state
    private readonly float[] _hiddens;  // (T+1, H): h_0 is the carried state
    private readonly float[] _tanhCells; // (T, H)
    private readonly float[] _outputs;  // (T, O)
    private readonly float[] _dHidden;
    private readonly float[] _dHiddenNext;
    private readonly float[] _dCell;
    private readonly float[] _dCellNext;
    private readonly float[] _dGates;
    private readonly float[] _masked;   // (H) a dropped-out hidden state, recomputed where needed
    private readonly float[] _dHead;    // (H) the head's gradient with respect to its (masked) input
    private float[]? _recurrentMask;
    private float[]? _headMask;

    public LstmSequenceRunner(LstmWeights weights, int maxSteps)
    {
        _weights = weights;
        _hidden = weights.HiddenSize;
        _inputs = new float[maxSteps * weights.InputSize];
        _gates = new float[maxSteps * 4 * _hidden];
        _cells = new float[(maxSteps + 1) * _hidden];
        _hiddens = new float[(maxSteps + 1) * _hidden];
        _tanhCells = new float[maxSteps * _hidden];
        _outputs = new float[maxSteps * weights.OutputSize];
        _dHidden = new float[_hidden];
        _dHiddenNext = new float[_hidden];
        _dCell = new float[_hidden];
        _dCellNext = new float[_hidden];
        _dGates = new float[4 * _hidden];
        _masked = new float[_hidden];
        _dHead = new float[_hidden];
    }

    /// <summary>
    /// Dropout masks (0 or 1/(1 − p) per hidden unit) on h where it enters the gates and where it
    /// enters the head, held until changed; null: no dropout there. The caller owns the arrays.
    /// </summary>
    public void UseDropout(float[]? recurrentMask, float[]? headMask)
    {
        _recurrentMask = recurrentMask;
        _headMask = headMask;
    }

    public int InputSize => _weights.InputSize;

    public int OutputSize => _weights.OutputSize;

    public void Forward(ReadOnlySpan<float> inputs, int steps)
    {
        var inputSize = _weights.InputSize;
        var h = _hidden;
        inputs[..(steps * inputSize)].CopyTo(_inputs);
        for (var t = 0; t < steps; t++)
        {
            var x = _inputs.AsSpan(t * inputSize, inputSize);
            var gates = _gates.AsSpan(t * 4 * h, 4 * h);
            var hiddenBefore = _hiddens.AsSpan(t * h, h);
            var cell = _cells.AsSpan((t + 1) * h, h);
            var hiddenAfter = _hiddens.AsSpan((t + 1) * h, h);
            FloatLstmKernel.GatePreActivations(_weights, x, Masked(hiddenBefore, _recurrentMask), gates);
            FloatLstmKernel.ActivateGates(gates, h);
            _cells.AsSpan(t * h, h).CopyTo(cell);
            FloatLstmKernel.UpdateCell(gates, cell, h);
            FloatLstmKernel.UpdateHidden(gates, cell, hiddenAfter, h);
            TensorPrimitives.Tanh(cell, _tanhCells.AsSpan(t * h, h));
            FloatLstmKernel.Head(_weights, Masked(hiddenAfter, _headMask), _outputs.AsSpan(t * OutputSize, OutputSize));
        }
    }

    // m ⊙ h into the scratch buffer, or h itself with no mask.
    private ReadOnlySpan<float> Masked(ReadOnlySpan<float> hidden, float[]? mask)
    {
        if (mask is null)
        {
            return hidden;
        }

        TensorPrimitives.Multiply(hidden, mask, _masked);
        return _masked;
    }

    public ReadOnlySpan<float> Outputs(int steps) => _outputs.AsSpan(0, steps * OutputSize);

    // Backward through time, per step t (⊙ elementwise, dz the gate pre-activation gradients):
    //   dh  = W_yᵀ·dy_t + dh_{t+1}                 dW_y += dy_t ⊗ h_t,  db_y += dy_t
    //   do  = dh ⊙ tanh(c_t)                       dc  = dh ⊙ o ⊙ (1 − tanh²(c_t)) + dc_{t+1}
    //   di  = dc ⊙ g,  dg = dc ⊙ i,  df = dc ⊙ c_{t−1},  dc_t = dc ⊙ f   (into the step before)
    //   dz_i = di ⊙ i(1−i), dz_f = df ⊙ f(1−f), dz_g = dg ⊙ (1−g²), dz_o = do ⊙ o(1−o)
    //   dW += dz ⊗ x_t,  dU += dz ⊗ h_{t−1},  db += dz,  dh_{t−1} = Uᵀ·dz
    // With dropout masks m_r (into the gates) and m_y (into the head), h_{t−1} above reads m_r ⊙ h_{t−1}
    // and h_t in the head's terms m_y ⊙ h_t; the gradients into h pick up the same masks:
    //   dh = m_y ⊙ (W_yᵀ·dy_t) + dh_{t+1},  dh_{t−1} = m_r ⊙ (Uᵀ·dz)
    public void Backward(ReadOnlySpan<float> outputGradients, int steps, IReadOnlyList<float[]> gradients)
    {
        var h = _hidden;
        var inputSize = _weights.InputSize;
        var outputSize = OutputSize;
        var dW = gradients[0].AsSpan();
        var dU = gradients[1].AsSpan();
        var db = gradients[2].AsSpan();
        var dWy = gradients[3].AsSpan();
        var dby = gradients[4].AsSpan();
        ReadOnlySpan<float> u = _weights.RecurrentWeights;
        ReadOnlySpan<float> wy = _weights.HeadWeights;
        Array.Clear(_dHiddenNext);
        Array.Clear(_dCellNext);
        for (var t = steps - 1; t >= 0; t--)
        {
            var hiddenAfter = _hiddens.AsSpan((t + 1) * h, h);
            var hiddenBefore = _hiddens.AsSpan(t * h, h);
            var cellBefore = _cells.AsSpan(t * h, h);
            var tanhCell = _tanhCells.AsSpan(t * h, h);
            var gates = _gates.AsSpan(t * 4 * h, 4 * h);
            var x = _inputs.AsSpan(t * inputSize, inputSize);
            var dy = outputGradients.Slice(t * outputSize, outputSize);

            // Without a head mask the head's gradient accumulates straight into dh, in the order it
            // always has, so a model trained without dropout is the same bit for bit.
            _dHiddenNext.AsSpan().CopyTo(_dHidden);
            var dHead = _headMask is null ? _dHidden : _dHead;
            if (_headMask is not null)
            {
                Array.Clear(_dHead);
            }

            var headInput = Masked(hiddenAfter, _headMask);
            for (var j = 0; j < outputSize; j++)
            {
                var g = dy[j];
                if (g == 0)
                {
                    continue;
                }

                TensorPrimitives.MultiplyAdd(wy.Slice(j * h, h), g, dHead, dHead);
                TensorPrimitives.MultiplyAdd(headInput, g, dWy.Slice(j * h, h), dWy.Slice(j * h, h));
                dby[j] += g;
            }

            if (_headMask is not null)
            {
                TensorPrimitives.MultiplyAdd(_dHead, _headMask, _dHidden, _dHidden);
            }

            for (var k = 0; k < h; k++)
            {
                var i = gates[k];
                var f = gates[h + k];
                var g = gates[(2 * h) + k];
                var o = gates[(3 * h) + k];
                var tc = tanhCell[k];
                var dh = _dHidden[k];
                var dOut = dh * tc;
                var dc = _dCellNext[k] + (dh * o * (1 - (tc * tc)));
                _dGates[k] = dc * g * i * (1 - i);
                _dGates[h + k] = dc * cellBefore[k] * f * (1 - f);
                _dGates[(2 * h) + k] = dc * i * (1 - (g * g));
                _dGates[(3 * h) + k] = dOut * o * (1 - o);
                _dCell[k] = dc * f;
            }

            _dCell.AsSpan().CopyTo(_dCellNext);
            Array.Clear(_dHiddenNext);
            var recurrentInput = Masked(hiddenBefore, _recurrentMask);
            for (var r = 0; r < 4 * h; r++)
            {
                var dz = _dGates[r];
                if (dz == 0)
                {
                    continue;
                }

                TensorPrimitives.MultiplyAdd(x, dz, dW.Slice(r * inputSize, inputSize), dW.Slice(r * inputSize, inputSize));
                TensorPrimitives.MultiplyAdd(recurrentInput, dz, dU.Slice(r * h, h), dU.Slice(r * h, h));
                TensorPrimitives.MultiplyAdd(u.Slice(r * h, h), dz, _dHiddenNext, _dHiddenNext);
                db[r] += dz;
            }

            if (_recurrentMask is not null)
            {
                TensorPrimitives.Multiply(_dHiddenNext, _recurrentMask, _dHiddenNext);
            }
        }
    }

    public void CarryState(int steps)
    {
        _hiddens.AsSpan(steps * _hidden, _hidden).CopyTo(_hiddens);
        _cells.AsSpan(steps * _hidden, _hidden).CopyTo(_cells);
    }

    public void ResetState()
    {
        Array.Clear(_hiddens, 0, _hidden);
        Array.Clear(_cells, 0, _hidden);
    }
}
