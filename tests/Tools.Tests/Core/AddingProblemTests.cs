using EdgeLstm.Predictor.Model;
using EdgeLstm.Tools.Tests.Core;
using EdgeLstm.Tools.Training;


namespace EdgeLstm.Tools.Tests.Core;

/// <summary>
/// The LSTM's reason to exist: carrying information across long time lags. On the adding problem
/// with T = 100 the trainer brings the LSTM far below the trivial error (1/6) while a tanh RNN of
/// the same hidden size, trained identically, stays near it.
/// </summary>
[Trait("Category", "Long")]
public sealed class AddingProblemTests
{
    private const int Steps = 100;
    private const int Hidden = 16;
    private const int Iterations = 3500;
    private const int Batch = 32;
    private const double LearningRate = 1e-2;

    [Fact]
    public void Lstm_Solves_The_Adding_Problem_Where_A_Tanh_Rnn_Of_The_Same_Size_Does_Not()
    {
        var lstm = new LstmWeights(AddingProblem.InputSize, Hidden, 1);
        var random = new Random(42);
        PathTrainer.Fill(lstm.InputWeights, random, 1 / Math.Sqrt(Hidden));
        PathTrainer.Fill(lstm.RecurrentWeights, random, 1 / Math.Sqrt(Hidden));
        lstm.GateBias.AsSpan(Hidden, Hidden).Fill(1f);
        var lstmMse = AddingProblem.TrainAndTest(() => new LstmSequenceRunner(lstm, Steps), lstm.Tensors, Steps, Iterations, Batch, LearningRate, seed: 7);

        var rnn = new RnnWeights(AddingProblem.InputSize, Hidden, 1);
        random = new Random(42);
        PathTrainer.Fill(rnn.InputWeights, random, 1 / Math.Sqrt(Hidden));
        PathTrainer.Fill(rnn.RecurrentWeights, random, 1 / Math.Sqrt(Hidden));
        var rnnMse = AddingProblem.TrainAndTest(() => new TanhRnnSequenceRunner(rnn, Steps), rnn.Tensors, Steps, Iterations, Batch, LearningRate, seed: 7);

        Console.WriteLine($"adding problem T={Steps}, H={Hidden}: LSTM MSE {lstmMse:F4}, tanh RNN MSE {rnnMse:F4}, trivial {AddingProblem.TrivialMse:F4}");
        Assert.True(lstmMse < 0.1 * AddingProblem.TrivialMse, $"LSTM test MSE {lstmMse:F4}, trivial {AddingProblem.TrivialMse:F4}");
        Assert.True(rnnMse > 0.5 * AddingProblem.TrivialMse, $"tanh RNN test MSE {rnnMse:F4}, trivial {AddingProblem.TrivialMse:F4}");
    }
}
