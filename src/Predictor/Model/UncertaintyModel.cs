namespace EdgeLstm.Predictor.Model;

/// <summary>
/// The per-pose uncertainty a model carries: for every horizon step k a distribution of the position
/// error (Gaussian or Student-t, <see cref="StepDegreesOfFreedom"/>), with independent along-track and
/// cross-track spreads (along the chord from the robot to the pose, at half the pose's yaw), and a yaw
/// spread. Each spread σ_{k,d} (d = along, cross, yaw) is
/// <code>
///   ln σ_{k,d} = θ_{k,d,0} + θ_{k,d,1}·ln(|v| + v₀) + θ_{k,d,2}·ln(|ω| + ω₀) + θ_{k,d,3}·ln(s_{k,d} + s₀)
///              + θ_{k,d,4}·ln(σ_v + a₀) + θ_{k,d,5}·ln(σ_ω + b₀) + ln c_{k,d}
/// </code>
/// with v the odometry speed, ω the prior's yaw rate, s the ensemble members' spread of the residual
/// along that axis, σ_v and σ_ω how much the speed and the yaw rate have varied over the last
/// <see cref="ActivityWindowSeconds"/> (<c>DrivingActivity</c>), and c the calibration scale that makes
/// the 50 % and 90 % regions hold their coverage on held-out data. Fitted on data the network was not
/// trained on; see <see cref="Provenance"/>.
/// </summary>
public sealed record UncertaintyModel
{
    /// <summary>Axes with their own spread: along-track, cross-track, yaw.</summary>
    public const int Axes = 3;

    /// <summary>Inputs of the log-linear spread: 1, ln speed, ln turn rate, ln member spread, ln speed variation, ln turn variation.</summary>
    public const int Inputs = 6;

    /// <summary>The inputs of model files before format 6 and of older ONNX exports: no driving activity.</summary>
    public const int InputsWithoutActivity = 4;

    public const int Along = 0;
    public const int Cross = 1;
    public const int Yaw = 2;

    public required UncertaintyMethod Method { get; init; }

    /// <summary>θ: (K, 3 axes, 6 inputs).</summary>
    public required float[] Coefficients { get; init; }

    /// <summary>c: (K, 2): the calibration scale of the position spreads and of the yaw spread at each step.</summary>
    public required float[] CalibrationScale { get; init; }

    /// <summary>
    /// σ (m) per step of the isotropic Gaussian around constant velocity, fitted on the same training
    /// recordings: the baseline <c>eval</c> and <c>crossval</c> score the model's uncertainty against.
    /// </summary>
    public required float[] BaselineSigma { get; init; }

    /// <summary>v₀ (m/s): keeps ln speed finite at a standstill.</summary>
    public float SpeedFloor { get; init; } = 0.5f;

    /// <summary>ω₀ (rad/s).</summary>
    public float TurnFloor { get; init; } = 0.25f;

    /// <summary>s₀ of the position axes (m).</summary>
    public float PositionSpreadFloor { get; init; } = 0.005f;

    /// <summary>s₀ of the yaw axis (rad).</summary>
    public float YawSpreadFloor { get; init; } = 0.002f;

    /// <summary>T of files and exports that predate the activity inputs (and the default).</summary>
    public const float DefaultActivityWindowSeconds = 1f;

    /// <summary>a₀ and b₀ of files and exports that predate the activity inputs (and the default).</summary>
    public const float DefaultActivityFloor = 0.1f;

    /// <summary>T (s): the exponential window over which the speed and yaw-rate variation σ_v, σ_ω are measured.</summary>
    public float ActivityWindowSeconds { get; init; } = DefaultActivityWindowSeconds;

    /// <summary>a₀ (m/s): keeps ln σ_v finite in a steady cruise.</summary>
    public float SpeedActivityFloor { get; init; } = DefaultActivityFloor;

    /// <summary>b₀ (rad/s).</summary>
    public float TurnActivityFloor { get; init; } = DefaultActivityFloor;

    /// <summary>True when a driving-activity coefficient is not zero (format 6 and newer hold them).</summary>
    public bool UsesActivity
    {
        get
        {
            for (var i = 0; i < Coefficients.Length; i++)
            {
                if (i % Inputs >= InputsWithoutActivity && Coefficients[i] != 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>θ of an older file, (K, 3, 4), as (K, 3, 6) with the activity slopes 0: the same spreads as before.</summary>
    public static float[] WithoutActivity(IReadOnlyList<float> coefficients)
    {
        var rows = coefficients.Count / InputsWithoutActivity;
        var widened = new float[rows * Inputs];
        for (var r = 0; r < rows; r++)
        {
            for (var d = 0; d < InputsWithoutActivity; d++)
            {
                widened[(r * Inputs) + d] = coefficients[(r * InputsWithoutActivity) + d];
            }
        }

        return widened;
    }

    /// <summary>
    /// ν of the position regions at each step (K values): the spread (σx, σy, ρ) of pose k is the scale
    /// of a bivariate Student-t with ν_k degrees of freedom (<see cref="RegionShape"/>); +∞ is the Gaussian.
    /// Empty, the default and all a format-3 file holds, is Gaussian at every step; a format-4 file holds
    /// one ν for all steps. Per step because the tails change along the horizon: a path 0.5 s ahead is
    /// rarely far off, while 2 s ahead a turn the driver has not begun yet is a large miss.
    /// </summary>
    public float[] StepDegreesOfFreedom { get; init; } = [];

    /// <summary>
    /// ν of the heading intervals at each step (K values; +∞ Gaussian); empty, all a file before format 7
    /// holds, is Gaussian at every step. The published σ_ψ is the Gaussian-equivalent one with the same
    /// 90 % interval (<see cref="YawShape"/>), so only the other intervals and the density depend on ν.
    /// </summary>
    public float[] YawDegreesOfFreedom { get; init; } = [];

    /// <summary>The shape of pose k's heading interval (<see cref="YawDegreesOfFreedom"/>).</summary>
    public YawShape YawShapeAt(int step) => YawDegreesOfFreedom.Length == 0 ? YawShape.Gaussian : new(YawDegreesOfFreedom[step]);

    /// <summary>True when every step's heading interval is Gaussian.</summary>
    public bool IsYawGaussian => YawDegreesOfFreedom.All(float.IsPositiveInfinity);

    /// <summary>The shape of pose k's position region (<see cref="StepDegreesOfFreedom"/>).</summary>
    public RegionShape ShapeAt(int step) => StepDegreesOfFreedom.Length == 0 ? RegionShape.Gaussian : new(StepDegreesOfFreedom[step]);

    /// <summary>True when every step's region is Gaussian.</summary>
    public bool IsGaussian => StepDegreesOfFreedom.All(float.IsPositiveInfinity);

    /// <summary>What it was fitted and calibrated on (free text, shown by inspect).</summary>
    public string Provenance { get; init; } = string.Empty;

    public static int Coefficient(int step, int axis, int input) => (((step * Axes) + axis) * Inputs) + input;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field that does not fit K steps.</summary>
    public void Validate(int horizonSteps)
    {
        Require(Enum.IsDefined(Method), nameof(Method), $"unknown method {(int)Method}");
        Require(Coefficients.Length == horizonSteps * Axes * Inputs, nameof(Coefficients), $"length {Coefficients.Length}, expected K·3·6 = {horizonSteps * Axes * Inputs}");
        Require(CalibrationScale.Length == horizonSteps * 2, nameof(CalibrationScale), $"length {CalibrationScale.Length}, expected 2K = {2 * horizonSteps}");
        Require(BaselineSigma.Length == horizonSteps, nameof(BaselineSigma), $"length {BaselineSigma.Length}, expected K = {horizonSteps}");
        Require(Coefficients.All(c => float.IsFinite(c) && Math.Abs(c) < 100), nameof(Coefficients), "a coefficient is not finite or beyond ±100");
        Require(CalibrationScale.All(c => c > 0 && c < 1000), nameof(CalibrationScale), "a scale is outside (0, 1000)");
        Require(BaselineSigma.All(c => c > 0 && float.IsFinite(c)), nameof(BaselineSigma), "a σ is not positive");
        Require(StepDegreesOfFreedom.Length is 0 || StepDegreesOfFreedom.Length == horizonSteps, nameof(StepDegreesOfFreedom), $"length {StepDegreesOfFreedom.Length}, expected K = {horizonSteps} or 0 (Gaussian)");
        Require(StepDegreesOfFreedom.All(nu => nu > RegionShape.DegreesOfFreedomAbove), nameof(StepDegreesOfFreedom), $"a ν is not above {RegionShape.DegreesOfFreedomAbove} or infinity");
        Require(YawDegreesOfFreedom.Length is 0 || YawDegreesOfFreedom.Length == horizonSteps, nameof(YawDegreesOfFreedom), $"length {YawDegreesOfFreedom.Length}, expected K = {horizonSteps} or 0 (Gaussian)");
        Require(YawDegreesOfFreedom.All(nu => nu > RegionShape.DegreesOfFreedomAbove), nameof(YawDegreesOfFreedom), $"a ν is not above {RegionShape.DegreesOfFreedomAbove} or infinity");
        Require(SpeedFloor > 0 && TurnFloor > 0 && PositionSpreadFloor > 0 && YawSpreadFloor > 0, "Floors", "a floor is not positive");
        Require(SpeedActivityFloor > 0 && TurnActivityFloor > 0 && float.IsFinite(SpeedActivityFloor) && float.IsFinite(TurnActivityFloor), "ActivityFloors", "a floor is not positive");
        Require(ActivityWindowSeconds is >= 0.05f and <= 600, nameof(ActivityWindowSeconds), $"{ActivityWindowSeconds} s is outside [0.05, 600]");
    }

    private static void Require(bool condition, string field, string what)
    {
        if (!condition)
        {
            throw new ArgumentException($"model config: uncertainty {field}: {what}", field);
        }
    }
}
