using EdgeLstm.Predictor.Model;


namespace EdgeLstm.Predictor.Prediction;

/// <summary>Predictors for float ensembles: one member steps alone, more step together.</summary>
public static class EnsemblePredictor
{
    public static PathPredictor Float(LstmEnsemble ensemble, GuardSettings? guard = null) =>
        ensemble.Members.Count == 1
            ? new PathPredictor(ensemble.Config, new FloatLstmStepper(ensemble.Members[0]), guard)
            : new PathPredictor(ensemble.Config, new EnsembleStepper([.. ensemble.Members.Select(m => new FloatLstmStepper(m))]), guard);
}
