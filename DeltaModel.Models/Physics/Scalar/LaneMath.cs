using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// Lane-wise functions of <see cref="Vector{T}"/> of doubles shared by <see cref="Lanes"/> and <see cref="LaneAdjoint"/>,
/// each equal bit for bit to its <see cref="Math"/> twin on every lane (so a lane computes what <see cref="Real"/>
/// computes for its component): <see cref="Min"/>/<see cref="Max"/> as <see cref="Math.Min(double, double)"/> (NaN
/// propagates, −0 &lt; +0), the transcendental functions one lane at a time through <see cref="Math"/>.
/// </summary>
internal static class LaneMath
{
    public static int Width => Vector<double>.Count;

    static readonly Vector<double> NaN = new(double.NaN);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Min(Vector<double> x, Vector<double> y) =>
        Vector.ConditionalSelect(Vector.LessThan(x, y), x,
            Vector.ConditionalSelect(Vector.GreaterThan(x, y), y,
                Vector.ConditionalSelect(Vector.Equals(x, y), x | y, x + y)));         // a tie of zeros: −0 if either is; NaN: NaN

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Max(Vector<double> x, Vector<double> y) =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, y), x,
            Vector.ConditionalSelect(Vector.LessThan(x, y), y,
                Vector.ConditionalSelect(Vector.Equals(x, y), x & y, x + y)));         // a tie of zeros: +0 if either is

    /// <summary>1 where the mask is set, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Indicator(Vector<long> mask) => Vector.ConditionalSelect(mask, Vector<double>.One, Vector<double>.Zero);

    /// <summary>The share of the first operand of <c>torch.minimum</c>/<c>maximum</c> given the mask where it wins and
    /// the mask where the other wins: 1, 0, ½ on a tie, NaN when either is NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Share(Vector<long> wins, Vector<long> loses, Vector<long> tie) =>
        Vector.ConditionalSelect(wins, Vector<double>.One,
            Vector.ConditionalSelect(loses, Vector<double>.Zero, Vector.ConditionalSelect(tie, new Vector<double>(0.5), NaN)));

    public static Vector<double> Pow(Vector<double> x, double exponent)
    {
        if (ShortPowers.Has(exponent)) return ShortPowers.Pow(x, exponent);
        Unsafe.SkipInit(out Vector<double> y);
        for (int i = 0; i < Width; i++) Lane(ref y, i) = Math.Pow(x[i], exponent);
        return y;
    }

    public static Vector<double> Pow(Vector<double> x, Vector<double> exponent)
    {
        Unsafe.SkipInit(out Vector<double> y);
        for (int i = 0; i < Width; i++) Lane(ref y, i) = Math.Pow(x[i], exponent[i]);
        return y;
    }

    public static Vector<double> Exp(Vector<double> x)
    {
        for (int i = 0; i < Width; i++) Lane(ref x, i) = Math.Exp(Lane(ref x, i));
        return x;
    }

    public static Vector<double> Log(Vector<double> x)
    {
        for (int i = 0; i < Width; i++) Lane(ref x, i) = Math.Log(Lane(ref x, i));
        return x;
    }

    public static Vector<double> Tanh(Vector<double> x)
    {
        for (int i = 0; i < Width; i++) Lane(ref x, i) = Math.Tanh(Lane(ref x, i));
        return x;
    }

    /// <summary>Lane <paramref name="i"/> of <paramref name="v"/>, writable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref double Lane(ref Vector<double> v, int i) => ref Unsafe.Add(ref Unsafe.As<Vector<double>, double>(ref v), i);
}
