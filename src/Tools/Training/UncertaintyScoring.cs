using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Predictor.Quantisation;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Quantising;

namespace EdgeLstm.Tools.Training;

/// <summary>Predictors crossval scores an ensemble's uncertainty with: another fitted method, or the int8 network.</summary>
public static class UncertaintyScoring
{
    /// <summary>The float ensemble carrying <paramref name="uncertainty"/> instead of its own.</summary>
    public static PathPredictor With(LstmEnsemble ensemble, UncertaintyModel uncertainty, GuardSettings? guard) =>
        EnsemblePredictor.Float(new LstmEnsemble(ensemble.Config with { Uncertainty = uncertainty }, [.. ensemble.Members.Select(m => m.Weights)]), guard);

    /// <summary>The ensemble quantised to int8 as <c>quantize</c> does, its input scale calibrated on <paramref name="calibration"/>.</summary>
    public static PathPredictor Int8Predictor(LstmEnsemble ensemble, IReadOnlyList<Recording> calibration, GuardSettings? guard)
    {
        var (config, members) = Quantiser.Quantise(ensemble, Quantiser.Calibrate(ensemble.Members[0], calibration));
        var steppers = members.Select(m => (ILstmStepper)new Int8LstmStepper(m)).ToList();
        return new PathPredictor(config, steppers.Count == 1 ? steppers[0] : new EnsembleStepper(steppers), guard);
    }
}
