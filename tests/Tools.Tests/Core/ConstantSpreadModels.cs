using EdgeLstm.Predictor.Features;
using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;

namespace EdgeLstm.Tools.Tests.Core;

/// <summary>
/// Models for the spread's tests (linked into EndToEnd.Tests too): a constant published spread over a
/// network that adds nothing to the prior, or Gaussian noise of a known size.
/// </summary>
internal static class ConstantSpreadModels
{
    public const int Steps = 20;

    /// <summary>σ = sigmaPerStep·(k + 1) along and across, yawSigma for the yaw; Student-t position regions with ν = nu at every step (∞: Gaussian).</summary>
    public static ModelConfig Config(float sigmaPerStep, float yawSigma = 0.02f, float nu = float.PositiveInfinity)
    {
        var theta = new float[Steps * UncertaintyModel.Axes * UncertaintyModel.Inputs];
        for (var k = 0; k < Steps; k++)
        {
            theta[UncertaintyModel.Coefficient(k, UncertaintyModel.Along, 0)] = MathF.Log(sigmaPerStep * (k + 1));
            theta[UncertaintyModel.Coefficient(k, UncertaintyModel.Cross, 0)] = MathF.Log(sigmaPerStep * (k + 1));
            theta[UncertaintyModel.Coefficient(k, UncertaintyModel.Yaw, 0)] = MathF.Log(yawSigma);
        }

        return new ModelConfig
        {
            Name = "spread-test",
            HiddenSize = 1,
            HorizonSteps = Steps,
            Features = [new FeatureSpec("v", 0, 1)],
            OutputScale = [.. Enumerable.Repeat(1f, 3 * Steps)],
            Uncertainty = new UncertaintyModel
            {
                Method = UncertaintyMethod.Constant,
                Coefficients = theta,
                CalibrationScale = [.. Enumerable.Repeat(1f, 2 * Steps)],
                BaselineSigma = [.. Enumerable.Repeat(1f, Steps)],
                StepDegreesOfFreedom = float.IsPositiveInfinity(nu) ? [] : [.. Enumerable.Repeat(nu, Steps)],
                Provenance = "test: constant spread",
            },
        };
    }

    /// <summary>A network whose residual is always zero: the path is the prior's.</summary>
    internal sealed class SilentStepper : ILstmStepper
    {
        private readonly float[] _input = new float[1];
        private readonly float[] _output = new float[3 * Steps];

        public Span<float> Input => _input;

        public ReadOnlySpan<float> Output => _output;

        public void Step()
        {
        }

        public void Reset()
        {
        }
    }

    /// <summary>
    /// A network whose residual is Gaussian noise, 2 cm per step along and across (0.2 m at 1 s, more than
    /// the prior's own errors on a simulated run) and yawPerStep rad per step in the heading, the same
    /// noise for the same seed.
    /// </summary>
    internal sealed class NoisyStepper(int seed = 5, float yawPerStep = 0) : ILstmStepper
    {
        private readonly float[] _input = new float[1];
        private readonly float[] _output = new float[3 * Steps];
        private readonly Random _random = new(seed);

        public Span<float> Input => _input;

        public ReadOnlySpan<float> Output => _output;

        public void Step()
        {
            for (var k = 0; k < Steps; k++)
            {
                _output[3 * k] = 0.02f * (k + 1) * Normal();
                _output[(3 * k) + 1] = 0.02f * (k + 1) * Normal();
                _output[(3 * k) + 2] = yawPerStep == 0 ? 0 : yawPerStep * (k + 1) * Normal();
            }
        }

        public void Reset()
        {
        }

        private float Normal() => (float)(Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble()));
    }
}
