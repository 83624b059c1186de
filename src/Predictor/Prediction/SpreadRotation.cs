using System.Numerics;
using System.Runtime.InteropServices;

namespace EdgeLstm.Predictor.Prediction;

/// <summary>
/// A pose's along-track and cross-track spreads as a covariance in another frame (the body, or the
/// odometry frame the payload uses). Regions and likelihoods of a spread are <see cref="Model.RegionShape"/>'s.
/// </summary>
public static class SpreadRotation
{
    /// <summary>
    /// The covariance of spreads a (along the angle α) and b (across it), in the axes the angle is
    /// measured from: Σxx = a²cos²α + b²sin²α, Σyy = a²sin²α + b²cos²α, Σxy = (a² − b²)·sinα·cosα;
    /// returned as σx, σy and ρ = Σxy / (σx·σy).
    /// </summary>
    public static (float SigmaX, float SigmaY, float Rho) Rotate(float along, float across, float sin, float cos)
    {
        var a2 = along * along;
        var b2 = across * across;
        var xx = (a2 * cos * cos) + (b2 * sin * sin);
        var yy = (a2 * sin * sin) + (b2 * cos * cos);
        var xy = (a2 - b2) * sin * cos;
        var sx = MathF.Sqrt(xx);
        var sy = MathF.Sqrt(yy);
        return (sx, sy, xy / (sx * sy));
    }

    /// <summary>
    /// <see cref="Rotate(float, float, float, float)"/> for every pose at once, lane by lane the same
    /// operations in the same order, so each result is bit for bit the scalar one. One call per frame
    /// instead of K: under Native AOT the scalar calls cost the int8 step at H=64 about 540 instructions.
    /// </summary>
    public static void Rotate(ReadOnlySpan<float> along, ReadOnlySpan<float> across, ReadOnlySpan<float> sin, ReadOnlySpan<float> cos, Span<float> sigmaX, Span<float> sigmaY, Span<float> rho)
    {
        var n = along.Length;
        if (across.Length != n || sin.Length != n || cos.Length != n || sigmaX.Length != n || sigmaY.Length != n || rho.Length != n)
        {
            throw new ArgumentException($"every span must hold the {n} poses of the along-track spreads");
        }

        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref var a = ref MemoryMarshal.GetReference(along);
            ref var b = ref MemoryMarshal.GetReference(across);
            ref var s = ref MemoryMarshal.GetReference(sin);
            ref var c = ref MemoryMarshal.GetReference(cos);
            ref var x = ref MemoryMarshal.GetReference(sigmaX);
            ref var y = ref MemoryMarshal.GetReference(sigmaY);
            ref var r = ref MemoryMarshal.GetReference(rho);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var offset = (nuint)i;
                var alongI = Vector.LoadUnsafe(ref a, offset);
                var acrossI = Vector.LoadUnsafe(ref b, offset);
                var sinI = Vector.LoadUnsafe(ref s, offset);
                var cosI = Vector.LoadUnsafe(ref c, offset);
                var a2 = alongI * alongI;
                var b2 = acrossI * acrossI;
                var xx = (a2 * cosI * cosI) + (b2 * sinI * sinI);
                var yy = (a2 * sinI * sinI) + (b2 * cosI * cosI);
                var xy = (a2 - b2) * sinI * cosI;
                var sx = Vector.SquareRoot(xx);
                var sy = Vector.SquareRoot(yy);
                sx.StoreUnsafe(ref x, offset);
                sy.StoreUnsafe(ref y, offset);
                (xy / (sx * sy)).StoreUnsafe(ref r, offset);
            }
        }

        for (; i < n; i++)
        {
            (sigmaX[i], sigmaY[i], rho[i]) = Rotate(along[i], across[i], sin[i], cos[i]);
        }
    }
}
