using System.Numerics.Tensors;

namespace EdgeLstm.Tools.Training;

/// <summary>
/// Adam with decoupled weight decay (AdamW) and clipping of the gradients' global norm:
/// g ← g·min(1, c/‖g‖);  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
/// θ ← θ − η·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε) − η·λ·θ (λ only on the tensors marked to decay).
/// </summary>
public sealed class AdamOptimizer
{
    private readonly IReadOnlyList<float[]> _parameters;
    private readonly bool[] _decay;
    private readonly float[][] _m;
    private readonly float[][] _v;
    private long _step;

    public AdamOptimizer(IReadOnlyList<float[]> parameters, IReadOnlyList<bool> decay)
    {
        _parameters = parameters;
        _decay = [.. decay];
        _m = [.. parameters.Select(p => new float[p.Length])];
        _v = [.. parameters.Select(p => new float[p.Length])];
    }

    public double LearningRate { get; set; } = 2e-3;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;

    public double WeightDecay { get; init; }

    /// <summary>Largest global gradient norm; larger gradients are scaled down to it.</summary>
    public double ClipNorm { get; init; } = 1.0;

    /// <summary>Applies one update; returns the gradient norm before clipping.</summary>
    public double Update(IReadOnlyList<float[]> gradients)
    {
        double squares = 0;
        foreach (var g in gradients)
        {
            squares += TensorPrimitives.Dot(g, g);
        }

        var norm = Math.Sqrt(squares);
        var clip = ClipNorm > 0 && norm > ClipNorm ? ClipNorm / norm : 1.0;
        _step++;
        var correction1 = 1 - Math.Pow(Beta1, _step);
        var correction2 = 1 - Math.Pow(Beta2, _step);
        for (var t = 0; t < _parameters.Count; t++)
        {
            var p = _parameters[t];
            var g = gradients[t];
            var m = _m[t];
            var v = _v[t];
            var decay = _decay[t] ? LearningRate * WeightDecay : 0;
            for (var i = 0; i < p.Length; i++)
            {
                var gi = g[i] * clip;
                m[i] = (float)((Beta1 * m[i]) + ((1 - Beta1) * gi));
                v[i] = (float)((Beta2 * v[i]) + ((1 - Beta2) * gi * gi));
                var update = m[i] / correction1 / (Math.Sqrt(v[i] / correction2) + Epsilon);
                p[i] = (float)(p[i] - (LearningRate * update) - (decay * p[i]));
            }
        }

        return norm;
    }
}
