namespace EdgeLstm.Predictor.Model;

/// <summary>Which inputs a model's per-pose uncertainty uses (the coefficients of the others are 0).</summary>
public enum UncertaintyMethod : byte
{
    /// <summary>One σ per horizon step and axis: the same spread whatever the robot does.</summary>
    Constant = 0,

    /// <summary>σ proportional to the ensemble members' spread (a fitted factor per step and axis).</summary>
    Spread = 1,

    /// <summary>log σ linear in log speed, log turn rate, log member spread and the logs of the speed's and turn rate's recent variation, per step and axis.</summary>
    Heteroscedastic = 2,
}
