using System.Runtime.CompilerServices;

namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// A step's number on a <see cref="Tape"/>: its value and the node that made it (its index names the tape too;
/// <see cref="Tape.Sink"/> for a constant, which records nothing). The partial derivatives follow libtorch's backward formulas, subgradients included
/// (<see cref="IScalar{T}"/>), so the swept adjoints equal autograd's gradients of the tensor path.
/// </summary>
public readonly struct Adjoint : IScalar<Adjoint>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Adjoint(double value, int index) { Value = value; Index = index; }

    /// <summary>The value (a field for the JIT's sake, as <see cref="Lanes.Value"/>).</summary>
    public readonly double Value;

    /// <summary>The node and its tape (<see cref="Tape.Of"/>), or <see cref="Tape.Sink"/> for a constant.</summary>
    public readonly int Index;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Adjoint Unary(double value, Adjoint a, double da) =>
        a.Index == Tape.Sink ? new(value, Tape.Sink) : new(value, Tape.Of(a.Index).Push(a.Index, da, Tape.Sink, 0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Adjoint Binary(double value, Adjoint a, double da, Adjoint b, double db) =>
        (a.Index | b.Index) == Tape.Sink ? new(value, Tape.Sink) : new(value, Tape.Of(a.Index | b.Index).Push(a.Index, da, b.Index, db));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint Constant(double value) => new(value, Tape.Sink);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint Less(Adjoint a, Adjoint b) => Constant(a.Value < b.Value ? 1 : 0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint LessOrEqual(Adjoint a, Adjoint b) => Constant(a.Value <= b.Value ? 1 : 0);

    /// <remarks>One number has one lane: the chosen operand itself, nothing recorded.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint Where(Adjoint indicator, Adjoint whenTrue, Adjoint whenFalse) => indicator.Value != 0 ? whenTrue : whenFalse;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Adjoint indicator) => indicator.Value != 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Adjoint indicator) => indicator.Value != 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint operator +(Adjoint a, Adjoint b) => Binary(a.Value + b.Value, a, 1, b, 1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint operator -(Adjoint a, Adjoint b) => Binary(a.Value - b.Value, a, 1, b, -1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint operator *(Adjoint a, Adjoint b) => Binary(a.Value * b.Value, a, b.Value, b, a.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint operator /(Adjoint a, Adjoint b) => Binary(a.Value / b.Value, a, 1 / b.Value, b, -(a.Value / b.Value) / b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint operator -(Adjoint a) => Unary(-a.Value, a, -1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint operator +(Adjoint a, double b) => Unary(a.Value + b, a, 1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint operator +(double a, Adjoint b) => Unary(a + b.Value, b, 1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint operator -(Adjoint a, double b) => Unary(a.Value - b, a, 1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint operator -(double a, Adjoint b) => Unary(a - b.Value, b, -1);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint operator *(Adjoint a, double b) => Unary(a.Value * b, a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint operator *(double a, Adjoint b) => Unary(a * b.Value, b, a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint operator /(Adjoint a, double b) => Unary(a.Value / b, a, 1 / b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint operator /(double a, Adjoint b) => Unary(a / b.Value, b, -(a / b.Value) / b.Value);

    /// <remarks>The share of <paramref name="a"/>: 1, 0, ½ on a tie, NaN when either is NaN; <paramref name="b"/> takes 1 − it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Adjoint Min(Adjoint a, Adjoint b)
    {
        var (value, da) = a.Value < b.Value ? (a.Value, 1.0) : a.Value > b.Value ? (b.Value, 0.0) : a.Value == b.Value ? (a.Value, 0.5) : (double.NaN, double.NaN);
        return Binary(value, a, da, b, 1 - da);
    }

    /// <remarks>As <see cref="Min"/>, with the larger.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Adjoint Max(Adjoint a, Adjoint b)
    {
        var (value, da) = a.Value > b.Value ? (a.Value, 1.0) : a.Value < b.Value ? (b.Value, 0.0) : a.Value == b.Value ? (a.Value, 0.5) : (double.NaN, double.NaN);
        return Binary(value, a, da, b, 1 - da);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Adjoint ClampMin(Adjoint x, double lower) => Unary(Math.Max(x.Value, lower), x, x.Value >= lower ? 1 : 0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Adjoint ClampMax(Adjoint x, double upper) => Unary(Math.Min(x.Value, upper), x, x.Value <= upper ? 1 : 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Adjoint Clamp(Adjoint x, double lower, double upper) =>
        Unary(Math.Min(Math.Max(x.Value, lower), upper), x, x.Value >= lower && x.Value <= upper ? 1 : 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Adjoint Pow(Adjoint x, double exponent)
    {
        double y = ShortPowers.Has(exponent) ? ShortPowers.Pow(x.Value, exponent) : Math.Pow(x.Value, exponent);
        return x.Index == Tape.Sink ? new(y, Tape.Sink) : Unary(y, x, PowPartial(x.Value, exponent, y));
    }

    public static Adjoint Pow(Adjoint x, Adjoint exponent)
    {
        double y = Math.Pow(x.Value, exponent.Value);
        double dx = PowPartial(x.Value, exponent.Value, y);
        double de = x.Value == 0 && exponent.Value >= 0 ? 0 : y * Math.Log(x.Value);
        return Binary(y, x, dx, exponent, de);
    }

    /// <summary>∂xᵉ/∂x = e·xᵉ⁻¹ as libtorch's <c>pow_backward</c> (0 for e = 0), taken as e·y/x from the value y = xᵉ
    /// already computed (one <c>Math.Pow</c> per recorded pow instead of two; equal up to rounding), or from a second pow
    /// where that quotient could lose precision: x or y zero, subnormal or not finite, or the quotient not finite.</summary>
    internal static double PowPartial(double x, double exponent, double y)
    {
        if (exponent == 0) return 0;
        if (double.IsNormal(x) && double.IsNormal(y))
        {
            double d = exponent * y / x;
            if (double.IsFinite(d)) return d;
        }
        return exponent * Math.Pow(x, exponent - 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Adjoint Exp(Adjoint x) { double y = Math.Exp(x.Value); return Unary(y, x, y); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Adjoint Log(Adjoint x) => Unary(Math.Log(x.Value), x, 1 / x.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Adjoint Sqrt(Adjoint x) { double y = Math.Sqrt(x.Value); return Unary(y, x, 0.5 / y); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Adjoint Tanh(Adjoint x) { double y = Math.Tanh(x.Value); return Unary(y, x, 1 - y * y); }
}
