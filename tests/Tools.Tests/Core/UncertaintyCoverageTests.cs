using EdgeLstm.Predictor.Features;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Sensors.Simulation;
using EdgeLstm.Tools.Data;
using EdgeLstm.Tools.Evaluation;
using EdgeLstm.Tools.Training;

namespace EdgeLstm.Tools.Tests.Core;

/// <summary>
/// The uncertainty fitter and the coverage check on runs with known noise: the true future is the
/// model's own path plus Gaussian noise of a known σ per step, so a calibrated spread must cover
/// about 50 % and 90 % of it, and a spread deliberately made too narrow must be called over-confident.
/// </summary>
public sealed class UncertaintyCoverageTests
{
    private const int Steps = 20;

    // σ_k = 4 cm + 2 cm per step of horizon, the same along x and y: the injected noise.
    private static float NoiseSigma(int k) => 0.04f + (0.02f * (k + 1));

    private static LstmEnsemble Model()
    {
        var config = new ModelConfig
        {
            Name = "coverage-test",
            HiddenSize = 16,
            HorizonSteps = Steps,
            Features = [.. FeatureExtractor.DefaultFeatures.Select(name => new FeatureSpec(name, 0f, 1f))],
            OutputScale = [.. Enumerable.Repeat(0.05f, 3 * Steps)],
        };
        return new LstmEnsemble(config, [PathTrainer.Initialise(config, new Random(3))]);
    }

    /// <summary>
    /// A simulated run whose targets are the model's published path plus the known noise: Gaussian, or
    /// where <paramref name="tailAt"/> gives step k an integer ν &gt; 0, a bivariate Student-t of that scale;
    /// the headings 0.01 rad of Gaussian noise, or a Student-t of that scale with <paramref name="yawTail"/> &gt; 0 degrees of freedom.
    /// </summary>
    private static Recording NoisyRun(LstmEnsemble model, int seed, Func<int, int>? tailAt = null, int yawTail = 0)
    {
        var run = RecordingLoader.FromSource($"sim-{seed}", new RobotSimulator(new SimulatorOptions { Seed = seed, Seconds = 120 }), 50, Steps, 0.1);
        var predictor = EnsemblePredictor.Float(model, new GuardSettings { Enabled = false, SpreadAdaptation = 0 });
        var random = new Random(seed + 100);
        var targets = new float[run.Targets.Length];
        var known = new int[run.Length];
        for (var f = 0; f < run.Length; f++)
        {
            predictor.Step(in run.Frames[f]);
            known[f] = Steps;
            for (var k = 0; k < Steps; k++)
            {
                // A t draw is a Gaussian one over √(χ²_ν / ν), χ²_ν the sum of ν squared Gaussians.
                var tail = 1f;
                var tailDegreesOfFreedom = tailAt?.Invoke(k) ?? 0;
                if (tailDegreesOfFreedom > 0)
                {
                    var chi = Enumerable.Range(0, tailDegreesOfFreedom).Sum(_ => Math.Pow(Gaussian(random), 2));
                    tail = (float)(1 / Math.Sqrt(chi / tailDegreesOfFreedom));
                }

                var j = (f * 3 * Steps) + (3 * k);
                targets[j] = predictor.BodyPath[3 * k] + (tail * NoiseSigma(k) * Gaussian(random));
                targets[j + 1] = predictor.BodyPath[(3 * k) + 1] + (tail * NoiseSigma(k) * Gaussian(random));
                var yawScale = yawTail > 0 ? (float)(1 / Math.Sqrt(Enumerable.Range(0, yawTail).Sum(_ => Math.Pow(Gaussian(random), 2)) / yawTail)) : 1f;
                targets[j + 2] = predictor.BodyPath[(3 * k) + 2] + (yawScale * 0.01f * Gaussian(random));
            }
        }

        return new Recording(run.Name + " + noise", run.Frames, targets, known, true, Steps, run.HasImu);
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    private static PathPredictor With(LstmEnsemble model, UncertaintyModel uncertainty) =>
        EnsemblePredictor.Float(new LstmEnsemble(model.Config with { Uncertainty = uncertainty }, [.. model.Members.Select(m => m.Weights)]), new GuardSettings { Enabled = false, SpreadAdaptation = 0 });

    [Fact]
    public void Spread_Fitted_On_One_Noisy_Run_Covers_Another_Near_Nominal()
    {
        var model = Model();
        var fitted = UncertaintyFitter.Fit(model, [NoisyRun(model, 1)], [NoisyRun(model, 1)], UncertaintyMethod.Constant, "test", new GuardSettings { Enabled = false, SpreadAdaptation = 0 });

        var coverage = CoverageEvaluator.Evaluate([NoisyRun(model, 2)], With(model, fitted))!;

        foreach (var h in coverage)
        {
            Assert.InRange(h.Model.Inside50, 0.45, 0.55);
            Assert.InRange(h.Model.Inside90, 0.87, 0.93);
            Assert.Equal("calibrated", CoverageEvaluator.Verdict(h.Model));

            // The headings carry 0.01 rad of Gaussian noise: the yaw σ's intervals hold them as stated, at
            // every level, and the mean |error| is that noise's, 0.01·√(2/π) = 0.0080 rad.
            Assert.InRange(h.Yaw.MeanAbsoluteError, 0.0072, 0.0088);
            Assert.True(double.IsNaN(h.Model.MeanAbsoluteError));
            Assert.InRange(h.Yaw.Inside50, 0.45, 0.55);
            Assert.InRange(h.Yaw.Inside90, 0.87, 0.93);
            for (var i = 0; i < CoverageEvaluator.NominalLevels.Count; i++)
            {
                Assert.InRange(h.Yaw.Observed[i], CoverageEvaluator.NominalLevels[i] - 0.05, CoverageEvaluator.NominalLevels[i] + 0.05);
            }
        }

        // Gaussian noise, Gaussian-like regions; the fitted σ at 1 s is the injected one within 10 %.
        Assert.All(fitted.StepDegreesOfFreedom, nu => Assert.True(nu >= 20, $"ν = {string.Join(", ", fitted.StepDegreesOfFreedom)} fitted on Gaussian noise"));
        Assert.All(fitted.YawDegreesOfFreedom, nu => Assert.True(nu >= 15, $"yaw ν = {string.Join(", ", fitted.YawDegreesOfFreedom)} fitted on Gaussian noise"));
        var predictor = With(model, fitted);
        predictor.Step(new Sensors.Frames.Frame { V = 1, Gz = 0.2, W = 0.2 });
        Assert.InRange(predictor.Uncertainty!.Along[9] / NoiseSigma(9), 0.9, 1.1);
        Assert.InRange(predictor.Uncertainty!.Cross[9] / NoiseSigma(9), 0.9, 1.1);
    }

    [Fact]
    public void Heavy_Tailed_Noise_Gets_Student_T_Regions_That_Hold_Both_Levels_Where_A_Gaussian_Cannot()
    {
        var model = Model();
        var fitted = UncertaintyFitter.Fit(model, [NoisyRun(model, 1, tailAt: _ => 3)], [NoisyRun(model, 1, tailAt: _ => 3)], UncertaintyMethod.Constant, "test", new GuardSettings { Enabled = false, SpreadAdaptation = 0 });

        // The Gaussian whose 90 % ellipses are the fitted t's: σ scaled by √(r²₉₀(t) / r²₉₀(Gaussian)).
        float Widen(int k) => (float)Math.Sqrt(fitted.ShapeAt(k).SquaredRadius(0.9) / RegionShape.Gaussian.SquaredRadius(0.9));
        var gaussian = fitted with
        {
            StepDegreesOfFreedom = [],
            CalibrationScale = [.. fitted.CalibrationScale.Select((c, i) => i % 2 == 0 ? c * Widen(i / 2) : c)],
        };

        var student = CoverageEvaluator.Evaluate([NoisyRun(model, 2, tailAt: _ => 3)], With(model, fitted))!;
        var normal = CoverageEvaluator.Evaluate([NoisyRun(model, 2, tailAt: _ => 3)], With(model, gaussian))!;

        Assert.All(fitted.StepDegreesOfFreedom, nu => Assert.InRange(nu, 2f, 5f));
        for (var h = 0; h < student.Count; h++)
        {
            Assert.InRange(student[h].Model.Inside50, 0.45, 0.55);
            Assert.InRange(student[h].Model.Inside90, 0.87, 0.93);
            Assert.True(student[h].Model.MeanNll < normal[h].Model.MeanNll, $"t NLL {student[h].Model.MeanNll:F3} vs Gaussian {normal[h].Model.MeanNll:F3}");

            // The Gaussian with the same 90 % region: its 50 % region swallows far more than half.
            Assert.Equal(student[h].Model.Inside90, normal[h].Model.Inside90, 2);
            Assert.True(normal[h].Model.Inside50 > 0.6, $"Gaussian 50 % region holds {normal[h].Model.Inside50:P1}");
        }
    }

    [Fact]
    public void Heavy_Tailed_Heading_Noise_Gets_Student_T_Intervals_That_Hold_Both_Levels_Where_A_Gaussian_Cannot()
    {
        var model = Model();
        var fitted = UncertaintyFitter.Fit(model, [NoisyRun(model, 1, yawTail: 3)], [NoisyRun(model, 1, yawTail: 3)], UncertaintyMethod.Constant, "test", new GuardSettings { Enabled = false, SpreadAdaptation = 0 });

        // The same published σ_ψ (the Gaussian with the same 90 % interval), read as a Gaussian.
        var gaussian = fitted with { YawDegreesOfFreedom = [] };

        var student = CoverageEvaluator.Evaluate([NoisyRun(model, 2, yawTail: 3)], With(model, fitted))!;
        var normal = CoverageEvaluator.Evaluate([NoisyRun(model, 2, yawTail: 3)], With(model, gaussian))!;

        Assert.All(fitted.YawDegreesOfFreedom, nu => Assert.InRange(nu, 2f, 5f));
        for (var h = 0; h < student.Count; h++)
        {
            Assert.InRange(student[h].Yaw.Inside50, 0.45, 0.55);
            Assert.InRange(student[h].Yaw.Inside90, 0.87, 0.93);
            Assert.True(student[h].Yaw.MeanNll < normal[h].Yaw.MeanNll, $"t NLL {student[h].Yaw.MeanNll:F3} vs Gaussian {normal[h].Yaw.MeanNll:F3}");
            Assert.Equal(student[h].Yaw.Inside90, normal[h].Yaw.Inside90, 2);
            // Read as a Gaussian with the same 90 % interval, the 50 % interval swallows more than half
            // (for ν = 3 in theory P(|t₃| ≤ 0.674·2.353/1.645) = 59 %).
            Assert.True(normal[h].Yaw.Inside50 > 0.55 && normal[h].Yaw.Inside50 > student[h].Yaw.Inside50 + 0.04, $"Gaussian 50 % interval holds {normal[h].Yaw.Inside50:P1}, the t's {student[h].Yaw.Inside50:P1}");
        }
    }

    [Fact]
    public void Tails_That_Grow_Along_The_Horizon_Get_A_Shape_Per_Step_That_Holds_Both_Levels_At_Each()
    {
        // Gaussian errors up to 1 s ahead, heavy-tailed (ν = 2) beyond: the shape of a path's errors
        // once a turn not yet begun is within the horizon.
        static int Tail(int k) => k < 10 ? 0 : 2;
        var model = Model();
        var fitted = UncertaintyFitter.Fit(model, [NoisyRun(model, 1, Tail)], [NoisyRun(model, 1, Tail)], UncertaintyMethod.Constant, "test", new GuardSettings { Enabled = false, SpreadAdaptation = 0 });

        var nu = fitted.StepDegreesOfFreedom;
        Assert.All(nu.Take(10), v => Assert.True(v >= 15, $"ν = {string.Join(", ", nu)}: a Gaussian step got a heavy tail"));
        Assert.All(nu.Skip(10), v => Assert.InRange(v, 1.5f, 3f));
        var coverage = CoverageEvaluator.Evaluate([NoisyRun(model, 2, Tail)], With(model, fitted))!;
        Assert.Equal([0.5, 1.0, 2.0], coverage.Select(h => h.Seconds));
        foreach (var h in coverage)
        {
            Assert.InRange(h.Model.Inside50, 0.45, 0.55);
            Assert.InRange(h.Model.Inside90, 0.87, 0.93);
        }
    }

    [Fact]
    public void Over_Confident_Spread_Is_Caught_By_The_Coverage_Check()
    {
        var model = Model();
        var fitted = UncertaintyFitter.Fit(model, [NoisyRun(model, 1)], [NoisyRun(model, 1)], UncertaintyMethod.Constant, "test", new GuardSettings { Enabled = false, SpreadAdaptation = 0 });
        var overConfident = fitted with { CalibrationScale = [.. fitted.CalibrationScale.Select(c => c * 0.5f)] };

        var coverage = CoverageEvaluator.Evaluate([NoisyRun(model, 2)], With(model, overConfident))!;

        foreach (var h in coverage)
        {
            Assert.Equal("over-confident", CoverageEvaluator.Verdict(h.Model));
            Assert.True(h.Model.Inside90 < 0.85, $"90 % region covers {h.Model.Inside90:P1} at {h.Seconds} s");
            Assert.True(h.Yaw.Inside90 < 0.85, $"90 % yaw interval covers {h.Yaw.Inside90:P1} at {h.Seconds} s");
        }
    }

    [Fact]
    public void Heteroscedastic_Spread_Beats_The_CV_Gaussian_On_Noise_That_Does_Not_Depend_On_CV()
    {
        var model = Model();
        var fitted = UncertaintyFitter.Fit(model, [NoisyRun(model, 1)], [NoisyRun(model, 1)], UncertaintyMethod.Heteroscedastic, "test", new GuardSettings { Enabled = false, SpreadAdaptation = 0 });

        var coverage = CoverageEvaluator.Evaluate([NoisyRun(model, 2)], With(model, fitted))!;

        foreach (var h in coverage)
        {
            // 0.5 s ahead the constant-velocity path is nearly the model's, so both regions differ only in
            // their σ, and the fitted spread carries the growth with speed, turn and recent variation
            // that the prior's errors show but this injected noise does not have: a tie there (measured
            // −1.056 against −1.060 nats). 1 and 2 s ahead the model must be better.
            var margin = h.Seconds < 1 ? 0.01 : 0;
            Assert.True(h.Model.MeanNll < h.Baseline.MeanNll + margin, $"NLL {h.Model.MeanNll:F3} vs baseline {h.Baseline.MeanNll:F3} at {h.Seconds} s");
            Assert.InRange(h.Model.Inside90, 0.8, 0.97);
        }
    }
}
