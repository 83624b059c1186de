namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// Per horizon step, the weight an online least-squares fit gives one piece of evidence by how far
/// the current fit misses it, measured against how far it misses most:
/// <code>
///   w = min(1, 1.5·m̄ / |m|),   m̄ the decayed mean |m| of the step's earlier misfits
/// </code>
/// (1 until ten have been seen). A Huber weight: an ordinary miss counts in full, a miss of many
/// times the usual is counted as if it were 1.5 times the usual. Allocation-free after construction.
/// </summary>
internal sealed class HuberWeights
{
    private const double Threshold = 1.5;
    private const double MinimumEvidence = 10;

    private readonly double[] _misfit;
    private readonly double[] _count;

    public HuberWeights(int horizonSteps)
    {
        _misfit = new double[horizonSteps];
        _count = new double[horizonSteps];
    }

    /// <summary>The weight of a misfit |m| at step k; then adds it to the step's scale, decaying the ones before by λ.</summary>
    public double Weigh(int step, double decay, double misfit)
    {
        var count = _count[step];
        var limit = Threshold * _misfit[step] / Math.Max(count, 1e-9);
        _misfit[step] = (decay * _misfit[step]) + misfit;
        _count[step] = (decay * count) + 1;
        return count > MinimumEvidence && misfit > limit ? limit / misfit : 1.0;
    }

    /// <summary>Forgets every misfit.</summary>
    public void Reset()
    {
        Array.Clear(_misfit);
        Array.Clear(_count);
    }
}
