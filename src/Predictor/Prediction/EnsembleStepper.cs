namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// Several members (float or int8) stepped together on the same input; the output is their mean.
/// Every member's own output stays readable (<see cref="MemberOutput"/>), so a spread across members
/// can be computed without another step. Buffers are allocated here; a step allocates nothing.
/// </summary>
public sealed class EnsembleStepper : ILstmStepper
{
    private readonly ILstmStepper[] _members;
    private readonly float[] _input;
    private readonly float[] _output;

    public EnsembleStepper(IReadOnlyList<ILstmStepper> members)
    {
        if (members.Count == 0)
        {
            throw new ArgumentException("an ensemble needs at least one member", nameof(members));
        }

        _members = [.. members];
        _input = new float[members[0].Input.Length];
        _output = new float[members[0].Output.Length];
    }

    public int Count => _members.Length;

    public Span<float> Input => _input;

    public ReadOnlySpan<float> Output => _output;

    public ReadOnlySpan<float> MemberOutput(int member) => _members[member].Output;

    // y = (1/M)·Σ_m y_m
    public void Step()
    {
        var output = _output.AsSpan();
        output.Clear();
        foreach (var member in _members)
        {
            _input.CopyTo(member.Input);
            member.Step();
            System.Numerics.Tensors.TensorPrimitives.Add(output, member.Output, output);
        }

        System.Numerics.Tensors.TensorPrimitives.Multiply(output, 1f / _members.Length, output);
    }

    public void Reset()
    {
        foreach (var member in _members)
        {
            member.Reset();
        }
    }
}
