using EdgeLstm.Predictor.Model;



namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>
/// An independent, deliberately naive LSTM in double precision, written from the textbook
/// equations with one explicit loop per gate, to check the vectorised float kernel against.
/// </summary>
internal static class ReferenceLstm
{
    public static (double[] H, double[] C, double[] Y) Step(LstmWeights w, double[] x, double[] h, double[] c)
    {
        var n = w.HiddenSize;
        var inputs = w.InputSize;
        double Pre(int gate, int k)
        {
            var row = (gate * n) + k;
            double sum = w.GateBias[row];
            for (var j = 0; j < inputs; j++)
            {
                sum += w.InputWeights[(row * inputs) + j] * x[j];
            }

            for (var j = 0; j < n; j++)
            {
                sum += w.RecurrentWeights[(row * n) + j] * h[j];
            }

            return sum;
        }

        static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
        var newH = new double[n];
        var newC = new double[n];
        for (var k = 0; k < n; k++)
        {
            var i = Sigmoid(Pre(0, k));
            var f = Sigmoid(Pre(1, k));
            var g = Math.Tanh(Pre(2, k));
            var o = Sigmoid(Pre(3, k));
            newC[k] = (f * c[k]) + (i * g);
            newH[k] = o * Math.Tanh(newC[k]);
        }

        var y = new double[w.OutputSize];
        for (var r = 0; r < y.Length; r++)
        {
            double sum = w.HeadBias[r];
            for (var j = 0; j < n; j++)
            {
                sum += w.HeadWeights[(r * n) + j] * newH[j];
            }

            y[r] = sum;
        }

        return (newH, newC, y);
    }

    public static LstmWeights RandomWeights(int inputs, int hidden, int outputs, int seed, double scale = 0.5)
    {
        var random = new Random(seed);
        var w = new LstmWeights(inputs, hidden, outputs);
        foreach (var tensor in w.Tensors)
        {
            for (var i = 0; i < tensor.Length; i++)
            {
                tensor[i] = (float)(((2 * random.NextDouble()) - 1) * scale);
            }
        }

        return w;
    }
}
