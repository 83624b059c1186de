namespace EdgeLstm.Tools.Training;

/// <summary>
/// Maximum-likelihood fit of a heteroscedastic zero-mean Gaussian: ln σ_i = θᵀφ_i. The negative
/// log-likelihood Σ_i η_i + e_i²·e^(−2η_i)/2 (η = θᵀφ) is convex in θ, so Newton's method with a
/// halving line search and a small ridge on the non-intercept inputs converges from any start.
/// Inputs not in <c>free</c> keep the value given in <c>start</c> (e.g. a slope fixed at 1).
/// </summary>
public static class LogLinearSigmaFit
{
    private const double Ridge = 1e-3;

    /// <param name="errors">e_i, strided: the i-th value is errors[i·stride + axis].</param>
    /// <param name="inputs">φ_i: inputs[(i·stride + axis)·d .. +d].</param>
    public static double[] Fit(IReadOnlyList<float> errors, IReadOnlyList<float> inputs, int stride, int axis, int dims, double[] start, IReadOnlyList<int> free)
    {
        var n = errors.Count / stride;
        var theta = (double[])start.Clone();
        if (n == 0)
        {
            return theta;
        }

        if (free.Contains(0))
        {
            // Start at the constant σ that fits: ln σ = ½ ln mean(e²) minus the fixed part's mean.
            double squared = 0, fixedPart = 0;
            for (var i = 0; i < n; i++)
            {
                var e = errors[(i * stride) + axis];
                squared += e * e;
                fixedPart += Eta(theta, inputs, ((i * stride) + axis) * dims, dims) - theta[0];
            }

            theta[0] = (0.5 * Math.Log(Math.Max(squared / n, 1e-12))) - (fixedPart / n);
        }

        var current = Loss(errors, inputs, stride, axis, dims, theta, n);
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var gradient = new double[free.Count];
            var hessian = new double[free.Count, free.Count];
            for (var i = 0; i < n; i++)
            {
                var at = ((i * stride) + axis) * dims;
                var e = errors[(i * stride) + axis];
                var w = e * e * Math.Exp(-2 * Eta(theta, inputs, at, dims));
                for (var a = 0; a < free.Count; a++)
                {
                    var pa = inputs[at + free[a]];
                    gradient[a] += pa * (1 - w);
                    for (var b = 0; b < free.Count; b++)
                    {
                        hessian[a, b] += 2 * w * pa * inputs[at + free[b]];
                    }
                }
            }

            for (var a = 0; a < free.Count; a++)
            {
                if (free[a] != 0)
                {
                    gradient[a] += Ridge * n * theta[free[a]];
                    hessian[a, a] += Ridge * n;
                }

                hessian[a, a] += 1e-9 * n;
            }

            var step = Solve(hessian, gradient);
            var improved = false;
            for (var t = 1.0; t > 1e-4; t *= 0.5)
            {
                var trial = (double[])theta.Clone();
                for (var a = 0; a < free.Count; a++)
                {
                    trial[free[a]] -= t * step[a];
                }

                var loss = Loss(errors, inputs, stride, axis, dims, trial, n);
                if (loss < current)
                {
                    improved = current - loss > 1e-9 * n;
                    theta = trial;
                    current = loss;
                    break;
                }
            }

            if (!improved)
            {
                break;
            }
        }

        return theta;
    }

    private static double Eta(double[] theta, IReadOnlyList<float> inputs, int at, int dims)
    {
        double eta = 0;
        for (var d = 0; d < dims; d++)
        {
            eta += theta[d] * inputs[at + d];
        }

        return eta;
    }

    private static double Loss(IReadOnlyList<float> errors, IReadOnlyList<float> inputs, int stride, int axis, int dims, double[] theta, int n)
    {
        double loss = 0;
        for (var i = 0; i < n; i++)
        {
            var eta = Eta(theta, inputs, ((i * stride) + axis) * dims, dims);
            var e = errors[(i * stride) + axis];
            loss += eta + (0.5 * e * e * Math.Exp(-2 * eta));
        }

        for (var d = 1; d < dims; d++)
        {
            loss += 0.5 * Ridge * n * theta[d] * theta[d];
        }

        return loss;
    }

    // Gaussian elimination with partial pivoting: the systems are at most 4×4.
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (var c = 0; c < n; c++)
        {
            var pivot = c;
            for (var r = c + 1; r < n; r++)
            {
                if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c]))
                {
                    pivot = r;
                }
            }

            for (var k = 0; k < n; k++)
            {
                (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
            }

            (x[c], x[pivot]) = (x[pivot], x[c]);
            for (var r = c + 1; r < n; r++)
            {
                var f = m[r, c] / m[c, c];
                for (var k = c; k < n; k++)
                {
                    m[r, k] -= f * m[c, k];
                }

                x[r] -= f * x[c];
            }
        }

        for (var r = n - 1; r >= 0; r--)
        {
            for (var k = r + 1; k < n; k++)
            {
                x[r] -= m[r, k] * x[k];
            }

            x[r] /= m[r, r];
        }

        return x;
    }
}
