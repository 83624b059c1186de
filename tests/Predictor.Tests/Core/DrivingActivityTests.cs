using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>
/// The recent variation of speed and yaw rate, an input of the spread: zero in a steady cruise, the
/// signal's standard deviation when it varies, the same at any sensor rate, and what the spread grows with.
/// </summary>
public sealed class DrivingActivityTests
{
    // v = 2 + A·sin(2π·t / 0.5 s): σ_v → A/√2 once the window holds many periods.
    private static DrivingActivity Drive(double rateHz, double seconds, double amplitude, double window = 1)
    {
        var activity = new DrivingActivity(window, PriorYawSource.Odometry);
        for (var i = 0; i <= (int)(seconds * rateHz); i++)
        {
            var t = i / rateHz;
            var frame = new Frame { TimestampNs = (long)(t * 1e9), V = 2 + (amplitude * Math.Sin(2 * Math.PI * t / 0.5)), W = 0.4 };
            activity.Update(in frame);
        }

        return activity;
    }

    [Fact]
    public void A_Steady_Cruise_Has_No_Variation()
    {
        var activity = Drive(rateHz: 50, seconds: 10, amplitude: 0);

        Assert.Equal(0f, activity.SpeedVariation, 4);
        Assert.Equal(0f, activity.TurnVariation, 4);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(30)]
    [InlineData(100)]
    public void Variation_Is_The_Standard_Deviation_At_Any_Sensor_Rate(double rateHz)
    {
        var activity = Drive(rateHz, seconds: 10, amplitude: 0.6);

        // An exponential window of 1 s over 0.5 s periods: within 10 % of A/√2 = 0.424 m/s.
        Assert.InRange(activity.SpeedVariation, 0.38f, 0.47f);
        Assert.Equal(0f, activity.TurnVariation, 4);
    }

    [Fact]
    public void Variation_Fades_Once_The_Driving_Is_Steady_Again()
    {
        var activity = new DrivingActivity(1, PriorYawSource.Odometry);
        for (var i = 0; i < 500; i++)
        {
            var frame = new Frame { TimestampNs = i * 20_000_000L, V = 1, W = i % 10 < 5 ? 0.5 : -0.5 };
            activity.Update(in frame);
        }

        var busy = activity.TurnVariation;
        for (var i = 500; i < 750; i++)
        {
            var frame = new Frame { TimestampNs = i * 20_000_000L, V = 1, W = 0.1 };
            activity.Update(in frame);
        }

        Assert.InRange(busy, 0.45f, 0.55f);
        Assert.True(activity.TurnVariation < 0.1f * busy, $"after 5 steady s: {activity.TurnVariation}");
    }

    [Fact]
    public void The_Published_Spread_Grows_With_The_Variation_By_Its_Slope()
    {
        var config = ModelFileTests.SmallModel().Config with { PriorYawSource = PriorYawSource.Odometry };
        var steps = config.HorizonSteps;
        var theta = new float[steps * UncertaintyModel.Axes * UncertaintyModel.Inputs];
        for (var k = 0; k < steps; k++)
        {
            theta[UncertaintyModel.Coefficient(k, UncertaintyModel.Along, 4)] = 1;
        }

        var model = new UncertaintyModel
        {
            Method = UncertaintyMethod.Heteroscedastic,
            Coefficients = theta,
            CalibrationScale = [.. Enumerable.Repeat(1f, 2 * steps)],
            BaselineSigma = [.. Enumerable.Repeat(1f, steps)],
        };
        var uncertainty = new PoseUncertainty(config, model);
        var path = new float[3 * steps];
        var gains = new float[steps];
        float Along(double amplitude)
        {
            uncertainty.Reset();
            for (var i = 0; i < 500; i++)
            {
                var t = i / 50.0;
                var frame = new Frame { TimestampNs = (long)(t * 1e9), V = 2 + (amplitude * Math.Sin(2 * Math.PI * t / 0.5)) };
                uncertainty.Compute(in frame, path, null, config.OutputScale, gains);
            }

            return uncertainty.Along[0];
        }

        var steady = Along(0);
        var busy = Along(0.6);

        // σ_along = σ_v + a₀ with θ = 1 on ln(σ_v + a₀) and every other coefficient 0.
        Assert.Equal(model.SpeedActivityFloor, steady, 3);
        Assert.InRange(busy, 0.38f + model.SpeedActivityFloor, 0.47f + model.SpeedActivityFloor);
        Assert.Equal(1f, uncertainty.Cross[0], 4);
    }
}
