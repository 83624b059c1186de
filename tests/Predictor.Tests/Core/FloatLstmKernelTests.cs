using EdgeLstm.Predictor.Model;



namespace EdgeLstm.Predictor.Tests.Core;

public sealed class FloatLstmKernelTests
{
    [Theory]
    [InlineData(6, 8, 60)]
    [InlineData(6, 64, 60)]
    [InlineData(3, 33, 7)]
    public void Streamed_Steps_Match_The_Double_Precision_Reference_With_State_Carried(int inputs, int hidden, int outputs)
    {
        var weights = ReferenceLstm.RandomWeights(inputs, hidden, outputs, seed: hidden);
        var state = new LstmState(inputs, hidden, outputs);
        var h = new double[hidden];
        var c = new double[hidden];
        var random = new Random(7);
        double worst = 0;
        for (var step = 0; step < 300; step++)
        {
            var x = Enumerable.Range(0, inputs).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
            for (var j = 0; j < inputs; j++)
            {
                state.Input[j] = (float)x[j];
            }

            FloatLstmKernel.Step(weights, state);
            (h, c, var y) = ReferenceLstm.Step(weights, x.Select(v => (double)(float)v).ToArray(), h, c);
            for (var k = 0; k < hidden; k++)
            {
                worst = Math.Max(worst, Math.Abs(state.Hidden[k] - h[k]));
                worst = Math.Max(worst, Math.Abs(state.Cell[k] - c[k]));
            }

            for (var r = 0; r < outputs; r++)
            {
                worst = Math.Max(worst, Math.Abs(state.Output[r] - y[r]) / Math.Max(1, Math.Abs(y[r])));
            }
        }

        Assert.True(worst < 1e-4, $"largest deviation from the reference over 300 steps: {worst}");
    }

    [Fact]
    public void Closed_Forget_Gate_Erases_The_Cell_And_Open_One_Keeps_It()
    {
        // One unit, no input weights: only the biases decide the gates.
        var w = new LstmWeights(1, 1, 1);
        var state = new LstmState(1, 1, 1);
        state.Cell[0] = 0.8f;
        w.GateBias[0] = -30; // i closed: no new candidate
        w.GateBias[1] = +30; // f open: keep c
        w.GateBias[3] = +30; // o open
        FloatLstmKernel.Step(w, state);
        Assert.Equal(0.8f, state.Cell[0], 4);
        Assert.Equal(MathF.Tanh(0.8f), state.Hidden[0], 4);

        w.GateBias[1] = -30; // f closed: forget
        FloatLstmKernel.Step(w, state);
        Assert.Equal(0f, state.Cell[0], 4);
    }

    [Fact]
    public void Input_Gate_Admits_The_Tanh_Candidate()
    {
        var w = new LstmWeights(1, 1, 1);
        var state = new LstmState(1, 1, 1);
        w.GateBias[0] = +30; // i open
        w.GateBias[1] = -30; // f closed
        w.GateBias[2] = 0.5f; // candidate pre-activation
        w.GateBias[3] = +30;
        FloatLstmKernel.Step(w, state);
        Assert.Equal(MathF.Tanh(0.5f), state.Cell[0], 4);

        w.GateBias[0] = -30; // i closed: the candidate is not admitted
        FloatLstmKernel.Step(w, state);
        Assert.Equal(0f, state.Cell[0], 4);
    }

    [Fact]
    public void Closed_Output_Gate_Hides_The_Cell_From_H_But_Keeps_It()
    {
        var w = new LstmWeights(1, 1, 1);
        var state = new LstmState(1, 1, 1);
        state.Cell[0] = 0.6f;
        w.GateBias[0] = -30;
        w.GateBias[1] = +30;
        w.GateBias[3] = -30; // o closed
        w.HeadWeights[0] = 2;
        w.HeadBias[0] = 0.25f;
        FloatLstmKernel.Step(w, state);
        Assert.Equal(0.6f, state.Cell[0], 4);
        Assert.Equal(0f, state.Hidden[0], 4);
        Assert.Equal(0.25f, state.Output[0], 4); // y = W_y·h + b_y
    }

    [Fact]
    public void Gate_Blocks_Are_In_I_F_G_O_Order()
    {
        // Drive each block with a distinct input weight and read the activations back.
        var w = new LstmWeights(1, 1, 1);
        var state = new LstmState(1, 1, 1);
        w.InputWeights[0] = 1;  // i
        w.InputWeights[1] = 2;  // f
        w.InputWeights[2] = 3;  // g
        w.InputWeights[3] = -1; // o
        state.Input[0] = 0.5f;
        FloatLstmKernel.Step(w, state);
        static float Sigmoid(float z) => 1 / (1 + MathF.Exp(-z));
        Assert.Equal(Sigmoid(0.5f), state.Gates[0], 5);
        Assert.Equal(Sigmoid(1.0f), state.Gates[1], 5);
        Assert.Equal(MathF.Tanh(1.5f), state.Gates[2], 5);
        Assert.Equal(Sigmoid(-0.5f), state.Gates[3], 5);
    }

    [Fact]
    public void State_Persists_Between_Steps_And_Reset_Clears_It()
    {
        var weights = ReferenceLstm.RandomWeights(2, 8, 3, seed: 3);
        var state = new LstmState(2, 8, 3);
        state.Input[0] = 1;
        FloatLstmKernel.Step(weights, state);
        var first = state.Output.ToArray();
        FloatLstmKernel.Step(weights, state);
        Assert.NotEqual(first, state.Output.ToArray()); // same input, different state, different output
        state.Reset();
        FloatLstmKernel.Step(weights, state);
        Assert.Equal(first, state.Output.ToArray());
    }

    [Fact]
    public void A_Step_Allocates_Nothing()
    {
        var weights = ReferenceLstm.RandomWeights(6, 64, 60, seed: 1);
        var state = new LstmState(6, 64, 60);
        FloatLstmKernel.Step(weights, state);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            FloatLstmKernel.Step(weights, state);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
