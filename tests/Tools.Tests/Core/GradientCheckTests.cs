using EdgeLstm.Predictor.Tests.Core;
using EdgeLstm.Tools.Tests.Core;
using EdgeLstm.Tools.Training;


namespace EdgeLstm.Tools.Tests.Core;

/// <summary>
/// Backpropagation through time checked against central finite differences of the loss,
/// for every parameter tensor of the LSTM and of the tanh RNN.
/// </summary>
public sealed class GradientCheckTests
{
    private const int Steps = 6;

    [Fact]
    public void Lstm_Gradients_Match_Finite_Differences_Over_Several_Steps_With_Carried_State()
    {
        var weights = ReferenceLstm.RandomWeights(3, 5, 4, seed: 11, scale: 0.8);
        var runner = new LstmSequenceRunner(weights, Steps);
        Check(runner, weights.Tensors, warmUp: true);
    }

    [Fact]
    public void Lstm_Gradients_Match_Finite_Differences_With_Dropout_Masks_On_The_Recurrent_And_Head_Inputs()
    {
        var weights = ReferenceLstm.RandomWeights(3, 5, 4, seed: 11, scale: 0.8);
        var runner = new LstmSequenceRunner(weights, Steps);

        // Different units dropped on the two paths, kept ones scaled by 1/(1 − p) with p = 0.4: a
        // backward pass that forgot either mask, or applied one where the other belongs, fails here.
        runner.UseDropout([0, 1f / 0.6f, 1f / 0.6f, 0, 1f / 0.6f], [1f / 0.6f, 0, 1f / 0.6f, 1f / 0.6f, 0]);
        Check(runner, weights.Tensors, warmUp: true);
    }

    [Fact]
    public void Dropout_Masks_Change_The_Forward_Pass_And_Removing_Them_Restores_It()
    {
        var weights = ReferenceLstm.RandomWeights(3, 5, 4, seed: 11, scale: 0.8);
        var runner = new LstmSequenceRunner(weights, Steps);
        var inputs = Enumerable.Range(0, Steps * 3).Select(i => (float)Math.Sin(i)).ToArray();
        runner.Forward(inputs, Steps);
        var plain = runner.Outputs(Steps).ToArray();

        runner.UseDropout([0, 1, 1, 1, 1], [1, 1, 1, 1, 0]);
        runner.ResetState();
        runner.Forward(inputs, Steps);
        var dropped = runner.Outputs(Steps).ToArray();

        runner.UseDropout(null, null);
        runner.ResetState();
        runner.Forward(inputs, Steps);

        Assert.NotEqual(plain, dropped);
        Assert.Equal(plain, runner.Outputs(Steps).ToArray());
    }

    [Fact]
    public void Tanh_Rnn_Gradients_Match_Finite_Differences()
    {
        var weights = new RnnWeights(3, 5, 4);
        var random = new Random(5);
        foreach (var t in weights.Tensors)
        {
            PathTrainer.Fill(t, random, 0.8);
        }

        Check(new TanhRnnSequenceRunner(weights, Steps), weights.Tensors, warmUp: true);
    }

    private static void Check(ISequenceRunner runner, IReadOnlyList<float[]> parameters, bool warmUp)
    {
        var random = new Random(3);
        var inputs = Enumerable.Range(0, Steps * runner.InputSize).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var targets = Enumerable.Range(0, Steps * runner.OutputSize).Select(_ => (float)random.NextDouble()).ToArray();
        var warmInputs = Enumerable.Range(0, Steps * runner.InputSize).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();

        // A carried-in state that is not zero: gradients must not flow into it, and must be right from it.
        void Start()
        {
            runner.ResetState();
            if (warmUp)
            {
                runner.Forward(warmInputs, Steps);
                runner.CarryState(Steps);
            }
        }

        // L = Σ (y − target)² as a function of one parameter, from a carried-in state computed with
        // the unperturbed parameters (truncated BPTT treats the carried state as a constant).
        double Loss(float[] p, int index, float value)
        {
            var saved = p[index];
            Start();
            p[index] = value;
            runner.Forward(inputs, Steps);
            p[index] = saved;
            var y = runner.Outputs(Steps);
            double sum = 0;
            for (var i = 0; i < y.Length; i++)
            {
                sum += (y[i] - targets[i]) * (y[i] - targets[i]);
            }

            return sum;
        }

        Start();
        runner.Forward(inputs, Steps);
        var outputs = runner.Outputs(Steps).ToArray();
        var dy = outputs.Select((y, i) => 2 * (y - targets[i])).ToArray();
        var gradients = parameters.Select(p => new float[p.Length]).ToArray();
        runner.Backward(dy, Steps, gradients);

        const float h = 1e-3f;
        var checkedCount = 0;
        for (var t = 0; t < parameters.Count; t++)
        {
            var p = parameters[t];
            for (var i = 0; i < p.Length; i++)
            {
                var plus = Loss(p, i, p[i] + h);
                var minus = Loss(p, i, p[i] - h);
                var numeric = (plus - minus) / (2 * h);
                var analytic = gradients[t][i];
                var tolerance = 2e-3 + (2e-2 * Math.Abs(numeric));
                Assert.True(Math.Abs(numeric - analytic) < tolerance, $"tensor {t} element {i}: backprop {analytic}, finite difference {numeric}");
                checkedCount++;
            }
        }

        Assert.True(checkedCount >= 69, $"only {checkedCount} parameters checked");
    }
}
