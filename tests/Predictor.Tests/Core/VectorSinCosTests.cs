using EdgeLstm.Predictor.Prediction;

namespace EdgeLstm.Predictor.Tests.Core;

/// <summary>The vector sine and cosine against the double-precision library, on every quadrant, both signs and the scalar fallbacks.</summary>
public sealed class VectorSinCosTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(4099)]
    public void Every_Lane_Is_Within_Half_A_Micro_Of_The_Library(int count)
    {
        // Angles across ±40 rad: many quadrants, the boundaries between them, and the small angles of a gentle turn.
        var random = new Random(count);
        var angles = new float[count];
        for (var i = 0; i < count; i++)
        {
            angles[i] = (i % 3) switch
            {
                0 => (float)((random.NextDouble() * 80) - 40),
                1 => (float)(((i % 17) - 8) * Math.PI / 4),
                _ => (float)((random.NextDouble() - 0.5) * 0.1),
            };
        }

        var (sin, cos) = (new float[count], new float[count]);
        VectorSinCos.SinCos(angles, sin, cos);

        for (var i = 0; i < count; i++)
        {
            Assert.Equal(Math.Sin(angles[i]), sin[i], 4e-7);
            Assert.Equal(Math.Cos(angles[i]), cos[i], 4e-7);
        }
    }

    [Fact]
    public void Angles_Past_The_Vector_Range_And_NaN_Follow_The_Scalar_Library()
    {
        float[] angles = [1e5f, -3e6f, 0.5f, 1f, 2f, 3f, 4f, 5f, 6f, float.NaN, 0f, -1f, float.PositiveInfinity, 7f, 8f, 9f, 10f];
        var (sin, cos) = (new float[angles.Length], new float[angles.Length]);

        VectorSinCos.SinCos(angles, sin, cos);

        for (var i = 0; i < angles.Length; i++)
        {
            var (s, c) = MathF.SinCos(angles[i]);
            if (float.IsNaN(s))
            {
                Assert.True(float.IsNaN(sin[i]) && float.IsNaN(cos[i]), $"lane {i}: {angles[i]} gives {sin[i]}, {cos[i]}");
                continue;
            }

            Assert.Equal(s, sin[i], 4e-7f);
            Assert.Equal(c, cos[i], 4e-7f);
        }
    }

    [Fact]
    public void A_NaN_Among_Ordinary_Angles_Gives_NaN_In_Its_Lane_Only()
    {
        var angles = Enumerable.Range(0, 19).Select(i => 0.3f * i).ToArray();
        angles[5] = float.NaN;
        var (sin, cos) = (new float[angles.Length], new float[angles.Length]);

        VectorSinCos.SinCos(angles, sin, cos);

        for (var i = 0; i < angles.Length; i++)
        {
            if (i == 5)
            {
                Assert.True(float.IsNaN(sin[i]) && float.IsNaN(cos[i]));
                continue;
            }

            Assert.Equal(Math.Sin(angles[i]), sin[i], 4e-7);
            Assert.Equal(Math.Cos(angles[i]), cos[i], 4e-7);
        }
    }

    [Fact]
    public void Mismatched_Or_Overlapping_Spans_Are_Refused()
    {
        var angles = new float[9];
        Assert.Throws<ArgumentException>(() => VectorSinCos.SinCos(angles, new float[8], new float[9]));
        Assert.Throws<ArgumentException>(() => VectorSinCos.SinCos(angles, angles, new float[9]));
    }
}
