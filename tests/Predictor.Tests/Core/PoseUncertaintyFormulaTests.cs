using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>
/// The published spreads against the model's formula computed here term by term in double precision,
/// for every lane: the one-pass vector loop and its scalar tail must both give
/// ln σ = θ₀ + ln c + θ₁·ln(|v| + v₀) + θ₂·ln(|ω| + ω₀) + θ₃·ln s₀ + θ₄·ln(σ_v + a₀) + θ₅·ln(σ_ω + b₀).
/// </summary>
public sealed class PoseUncertaintyFormulaTests
{
    [Fact]
    public void Every_Lane_Follows_The_Log_Linear_Formula()
    {
        // 7 steps: 21 lanes, more than two vectors of 8 (AVX2) or five of 4 (NEON), and a tail.
        const int steps = 7;
        var config = ModelFileTests.SmallModel().Config with
        {
            HorizonSteps = steps,
            OutputScale = [.. Enumerable.Repeat(0.1f, 3 * steps)],
            PriorYawSource = PriorYawSource.Odometry,
        };
        var random = new Random(7);
        var theta = Enumerable.Range(0, steps * UncertaintyModel.Axes * UncertaintyModel.Inputs).Select(_ => (float)((random.NextDouble() * 1.6) - 0.8)).ToArray();
        var model = new UncertaintyModel
        {
            Method = UncertaintyMethod.Heteroscedastic,
            Coefficients = theta,
            CalibrationScale = [.. Enumerable.Range(0, 2 * steps).Select(i => 0.5f + (0.1f * i))],
            BaselineSigma = [.. Enumerable.Repeat(1f, steps)],
        };
        var uncertainty = new PoseUncertainty(config, model);
        var reference = new DrivingActivity(model.ActivityWindowSeconds, PriorYawSource.Odometry);
        var path = new float[3 * steps];
        var gains = new float[steps];
        Frame frame = default;
        for (var i = 0; i < 300; i++)
        {
            frame = new Frame { TimestampNs = i * 20_000_000L, V = 1.5 + Math.Sin(i * 0.21), W = 0.6 * Math.Cos(i * 0.13) };
            uncertainty.Compute(in frame, path, null, config.OutputScale, gains);
            reference.Update(in frame);
        }

        var inputs = new[]
        {
            1,
            Math.Log(Math.Abs(frame.V) + model.SpeedFloor),
            Math.Log(Math.Abs(frame.W) + model.TurnFloor),
            0,
            Math.Log(reference.SpeedVariation + model.SpeedActivityFloor),
            Math.Log(reference.TurnVariation + model.TurnActivityFloor),
        };
        Assert.True(reference.SpeedVariation > 0.3 && reference.TurnVariation > 0.2, "the run varies");
        for (var k = 0; k < steps; k++)
        {
            for (var a = 0; a < UncertaintyModel.Axes; a++)
            {
                var floor = a == UncertaintyModel.Yaw ? model.YawSpreadFloor : model.PositionSpreadFloor;
                inputs[3] = Math.Log(floor);
                var eta = Math.Log(model.CalibrationScale[(2 * k) + (a == UncertaintyModel.Yaw ? 1 : 0)]);
                for (var d = 0; d < UncertaintyModel.Inputs; d++)
                {
                    eta += theta[UncertaintyModel.Coefficient(k, a, d)] * inputs[d];
                }

                var published = a switch
                {
                    UncertaintyModel.Along => uncertainty.Along[k],
                    UncertaintyModel.Cross => uncertainty.Cross[k],
                    _ => uncertainty.Yaw[k],
                };
                Assert.Equal(Math.Exp(eta), published, Math.Exp(eta) * 1e-4);
            }
        }
    }
}
