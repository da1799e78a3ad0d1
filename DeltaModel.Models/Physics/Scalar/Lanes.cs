using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// <see cref="Real"/> on <see cref="LaneMath.Width"/> components at once, one per SIMD lane: the fused forward of a
/// group of components. Every lane's value is bit for bit <see cref="Real"/>'s for that component.
/// </summary>
public readonly struct Lanes : IScalar<Lanes>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Lanes(Vector<double> value) => Value = value;

    /// <summary>One value per lane (a field, not a property: a step inlines hundreds of operations, and every inlined
    /// accessor costs the JIT a local of the few hundred it inlines up to).</summary>
    public readonly Vector<double> Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes Constant(double value) => new(new Vector<double>(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes Less(Lanes a, Lanes b) => new(LaneMath.Indicator(Vector.LessThan(a.Value, b.Value)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes LessOrEqual(Lanes a, Lanes b) => new(LaneMath.Indicator(Vector.LessThanOrEqual(a.Value, b.Value)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes Where(Lanes indicator, Lanes whenTrue, Lanes whenFalse) =>
        new(Vector.ConditionalSelect(Vector.Equals(indicator.Value, Vector<double>.Zero), whenFalse.Value, whenTrue.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Lanes indicator) => !Vector.EqualsAny(indicator.Value, Vector<double>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Lanes indicator) => !Vector.EqualsAll(indicator.Value, Vector<double>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes operator +(Lanes a, Lanes b) => new(a.Value + b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes operator -(Lanes a, Lanes b) => new(a.Value - b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes operator *(Lanes a, Lanes b) => new(a.Value * b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes operator /(Lanes a, Lanes b) => new(a.Value / b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes operator -(Lanes a) => new(-a.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes operator +(Lanes a, double b) => new(a.Value + new Vector<double>(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes operator +(double a, Lanes b) => new(new Vector<double>(a) + b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes operator -(Lanes a, double b) => new(a.Value - new Vector<double>(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes operator -(double a, Lanes b) => new(new Vector<double>(a) - b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes operator *(Lanes a, double b) => new(a.Value * b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes operator *(double a, Lanes b) => new(a * b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes operator /(Lanes a, double b) => new(a.Value / new Vector<double>(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes operator /(double a, Lanes b) => new(new Vector<double>(a) / b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes Min(Lanes a, Lanes b) => new(LaneMath.Min(a.Value, b.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes Max(Lanes a, Lanes b) => new(LaneMath.Max(a.Value, b.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes ClampMin(Lanes x, double lower) => new(LaneMath.Max(x.Value, new Vector<double>(lower)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes ClampMax(Lanes x, double upper) => new(LaneMath.Min(x.Value, new Vector<double>(upper)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes Clamp(Lanes x, double lower, double upper) =>
        new(LaneMath.Min(LaneMath.Max(x.Value, new Vector<double>(lower)), new Vector<double>(upper)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes Pow(Lanes x, double exponent) => new(LaneMath.Pow(x.Value, exponent));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes Pow(Lanes x, Lanes exponent) => new(LaneMath.Pow(x.Value, exponent.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes Exp(Lanes x) => new(LaneMath.Exp(x.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes Log(Lanes x) => new(LaneMath.Log(x.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes Sqrt(Lanes x) => new(Vector.SquareRoot(x.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes Tanh(Lanes x) => new(LaneMath.Tanh(x.Value));
}
