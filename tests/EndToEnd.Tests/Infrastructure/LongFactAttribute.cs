namespace EdgeLstm.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A test of the Long category (minutes of wall time): skipped by the README's `dotnet test
/// edge-lstm.sln` and so by CI, run with EDGE_LSTM_LONG=1, e.g.
/// <c>EDGE_LSTM_LONG=1 dotnet test tests/EndToEnd.Tests --filter Category=Long</c>.
/// </summary>
public sealed class LongFactAttribute : FactAttribute
{
    public const string Variable = "EDGE_LSTM_LONG";

    public LongFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"a Long test: set {Variable}=1 to run it";
        }
    }
}
