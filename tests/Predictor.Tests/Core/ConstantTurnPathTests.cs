using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.Prediction;

namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>
/// The constant-turn-rate path (the CTRV baseline, and the residual guard's other physics): its poses
/// are the closed form x = (v/r)·sin(r·t), y = (v/r)·(1 − cos(r·t)), ψ = r·t at every step, though the
/// sines and cosines come from a recurrence, for turns from barely any to more than a full circle.
/// </summary>
public sealed class ConstantTurnPathTests
{
    [Theory]
    [InlineData(1.5, 0.3)]
    [InlineData(0.8, -1.1)]
    [InlineData(4.0, 3.5)]
    [InlineData(2.0, 1e-3)]
    [InlineData(0.5, 0.0)]
    public void The_Path_Is_The_Closed_Form_At_Every_Step(double v, double r)
    {
        const int Steps = 20;
        const double Dt = 0.1;
        var prior = new PhysicsPrior(PriorKind.ConstantTurnRate, 1, Dt, Steps, speedScale: 0.9);
        var path = new float[3 * Steps];

        prior.Path(v, r, path);

        var speed = 0.9 * v;
        for (var k = 0; k < Steps; k++)
        {
            var t = (k + 1) * Dt;
            var x = r == 0 ? speed * t : speed / r * Math.Sin(r * t);
            var y = r == 0 ? 0 : speed / r * (1 - Math.Cos(r * t));
            Assert.Equal(x, path[3 * k], 5);
            Assert.Equal(y, path[(3 * k) + 1], 5);
            Assert.Equal(r * t, path[(3 * k) + 2], 5);
        }
    }
}
