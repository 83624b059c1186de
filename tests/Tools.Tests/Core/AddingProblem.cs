using EdgeLstm.Tools.Training;

namespace EdgeLstm.Tools.Tests.Core;

/// <summary>
/// The adding problem (Hochreiter and Schmidhuber, 1997): a sequence of (value, marker) pairs with
/// values uniform in [0, 1] and exactly two markers, one in each half; the target, read at the last
/// step, is the sum of the two marked values. Predicting the mean (1) gives an MSE of 1/6, so a
/// model must carry a value across up to T steps to do better. It is the test of what the LSTM's
/// gated cell is for; a plain tanh RNN of the same size trained the same way stays near 1/6.
/// </summary>
public static class AddingProblem
{
    public const int InputSize = 2;
    public const double TrivialMse = 1.0 / 6.0;

    /// <summary>Writes one sequence into <paramref name="inputs"/> (T, 2) and returns its target.</summary>
    public static float Sample(Random random, int steps, Span<float> inputs)
    {
        var first = random.Next(steps / 2);
        var second = (steps / 2) + random.Next(steps - (steps / 2));
        var target = 0f;
        for (var t = 0; t < steps; t++)
        {
            var value = (float)random.NextDouble();
            var marked = t == first || t == second;
            inputs[2 * t] = value;
            inputs[(2 * t) + 1] = marked ? 1f : 0f;
            if (marked)
            {
                target += value;
            }
        }

        return target;
    }

    /// <summary>
    /// Trains with Adam on fresh random batches and returns the MSE on a held-out set drawn from
    /// <paramref name="seed"/> + 1. <paramref name="createRunner"/> makes one runner a stream over
    /// the shared parameters <paramref name="parameters"/>.
    /// </summary>
    public static double TrainAndTest(Func<ISequenceRunner> createRunner, IReadOnlyList<float[]> parameters, int steps, int iterations, int batch, double learningRate, int seed)
    {
        var runners = Enumerable.Range(0, batch).Select(_ => createRunner()).ToArray();
        var streamGradients = runners.Select(_ => parameters.Select(p => new float[p.Length]).ToArray()).ToArray();
        var gradients = parameters.Select(p => new float[p.Length]).ToArray();
        var inputs = Enumerable.Range(0, batch).Select(_ => new float[steps * InputSize]).ToArray();
        var targets = new float[batch];
        var outputGradients = Enumerable.Range(0, batch).Select(_ => new float[steps]).ToArray();
        var optimiser = new AdamOptimizer(parameters, [.. parameters.Select(_ => false)]) { LearningRate = learningRate, ClipNorm = 1.0 };
        var random = new Random(seed);
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            for (var b = 0; b < batch; b++)
            {
                targets[b] = Sample(random, steps, inputs[b]);
            }

            // loss = mean_b (y_b − target_b)², read at the last step only
            Parallel.For(0, batch, b =>
            {
                foreach (var g in streamGradients[b])
                {
                    Array.Clear(g);
                }

                var runner = runners[b];
                runner.ResetState();
                runner.Forward(inputs[b], steps);
                var y = runner.Outputs(steps)[steps - 1];
                outputGradients[b][steps - 1] = 2 * (y - targets[b]) / batch;
                runner.Backward(outputGradients[b], steps, streamGradients[b]);
            });
            for (var t = 0; t < gradients.Length; t++)
            {
                Array.Clear(gradients[t]);
                for (var b = 0; b < batch; b++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(gradients[t], streamGradients[b][t], gradients[t]);
                }
            }

            optimiser.Update(gradients);
        }

        return Test(runners[0], steps, 500, seed + 1);
    }

    /// <summary>Mean squared error of the target read at the last step, on <paramref name="count"/> fresh sequences.</summary>
    public static double Test(ISequenceRunner runner, int steps, int count, int seed)
    {
        var random = new Random(seed);
        var inputs = new float[steps * InputSize];
        double squares = 0;
        for (var n = 0; n < count; n++)
        {
            var target = Sample(random, steps, inputs);
            runner.ResetState();
            runner.Forward(inputs, steps);
            var error = runner.Outputs(steps)[steps - 1] - target;
            squares += error * error;
        }

        return squares / count;
    }
}
