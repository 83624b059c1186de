using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Sensors.Frames;

namespace EdgeLstm.Tools.Bench;

/// <summary>
/// A whole predictor step (features, LSTM, prior, guard and, when the model has it, the per-pose
/// uncertainty) behind <see cref="ILstmStepper"/>, so <see cref="StepLatency"/> times it like a bare
/// step: each Step() predicts from the next of a fixed cycle of frames (the written input is unused).
/// </summary>
public sealed class PredictorStep(PathPredictor predictor, Frame[] frames) : ILstmStepper
{
    private readonly float[] _input = new float[predictor.Config.InputSize];
    private int _next;

    public Span<float> Input => _input;

    public ReadOnlySpan<float> Output => predictor.BodyPath;

    public void Step()
    {
        predictor.Step(in frames[_next]);
        _next = (_next + 1) % frames.Length;
    }

    public void Reset() => predictor.Reset();

    /// <summary>Frames of a robot weaving at 1 to 2 m/s, 50 Hz, with fresh IMU and odometry.</summary>
    public static Frame[] Frames(int count = 1000)
    {
        var frames = new Frame[count];
        for (var i = 0; i < count; i++)
        {
            var t = i / 50.0;
            frames[i] = new Frame
            {
                Index = i,
                TimestampNs = (long)(t * 1e9),
                V = 1.5 + (0.5 * Math.Sin(0.3 * t)),
                W = 0.4 * Math.Sin(0.7 * t),
                Gz = 0.4 * Math.Sin(0.7 * t),
                Ax = 0.2 * Math.Cos(0.3 * t),
                Az = 9.81,
                OdomX = t,
                OdomYaw = 0.1 * t,
            };
        }

        return frames;
    }

    /// <summary>
    /// A heteroscedastic uncertainty using every input, with Student-t regions whose ν grows along the
    /// path (ν is tracked per step online and published per pose): as costly as any a model carries.
    /// </summary>
    public static UncertaintyModel Uncertainty(int steps)
    {
        var theta = new float[steps * UncertaintyModel.Axes * UncertaintyModel.Inputs];
        for (var k = 0; k < steps; k++)
        {
            for (var a = 0; a < UncertaintyModel.Axes; a++)
            {
                theta[UncertaintyModel.Coefficient(k, a, 0)] = MathF.Log(0.05f * (k + 1));
                theta[UncertaintyModel.Coefficient(k, a, 1)] = 0.5f;
                theta[UncertaintyModel.Coefficient(k, a, 2)] = 0.3f;
                theta[UncertaintyModel.Coefficient(k, a, 3)] = 0.4f;
                theta[UncertaintyModel.Coefficient(k, a, 4)] = 0.2f;
                theta[UncertaintyModel.Coefficient(k, a, 5)] = 0.2f;
            }
        }

        return new UncertaintyModel
        {
            Method = UncertaintyMethod.Heteroscedastic,
            Coefficients = theta,
            CalibrationScale = [.. Enumerable.Repeat(1f, 2 * steps)],
            BaselineSigma = [.. Enumerable.Repeat(1f, steps)],
            StepDegreesOfFreedom = [.. Enumerable.Range(0, steps).Select(k => 1.5f + (0.1f * k))],
        };
    }
}
