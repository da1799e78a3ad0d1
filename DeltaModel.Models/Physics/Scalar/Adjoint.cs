using System.Runtime.CompilerServices;

namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// A step's number on this thread's <see cref="Tape"/>: its value and the node that made it (−1 for a constant, which
/// records nothing). The partial derivatives follow libtorch's backward formulas, subgradients included
/// (<see cref="IScalar{T}"/>), so the swept adjoints equal autograd's gradients of the tensor path.
/// </summary>
public readonly struct Adjoint : IScalar<Adjoint>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Adjoint(double value, int index) { Value = value; Index = index; }

    public double Value { get; }

    /// <summary>The node on <see cref="Tape.Current"/>, or −1 for a constant.</summary>
    public int Index { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Adjoint Unary(double value, Adjoint a, double da) =>
        a.Index < 0 ? new(value, -1) : new(value, Tape.Current.Push(a.Index, da, -1, 0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Adjoint Binary(double value, Adjoint a, double da, Adjoint b, double db) =>
        a.Index < 0 && b.Index < 0 ? new(value, -1) : new(value, Tape.Current.Push(a.Index, da, b.Index, db));

    public static Adjoint Constant(double value) => new(value, -1);
    public static Adjoint operator +(Adjoint a, Adjoint b) => Binary(a.Value + b.Value, a, 1, b, 1);
    public static Adjoint operator -(Adjoint a, Adjoint b) => Binary(a.Value - b.Value, a, 1, b, -1);
    public static Adjoint operator *(Adjoint a, Adjoint b) => Binary(a.Value * b.Value, a, b.Value, b, a.Value);
    public static Adjoint operator /(Adjoint a, Adjoint b) => Binary(a.Value / b.Value, a, 1 / b.Value, b, -(a.Value / b.Value) / b.Value);
    public static Adjoint operator -(Adjoint a) => Unary(-a.Value, a, -1);
    public static Adjoint operator +(Adjoint a, double b) => Unary(a.Value + b, a, 1);
    public static Adjoint operator +(double a, Adjoint b) => Unary(a + b.Value, b, 1);
    public static Adjoint operator -(Adjoint a, double b) => Unary(a.Value - b, a, 1);
    public static Adjoint operator -(double a, Adjoint b) => Unary(a - b.Value, b, -1);
    public static Adjoint operator *(Adjoint a, double b) => Unary(a.Value * b, a, b);
    public static Adjoint operator *(double a, Adjoint b) => Unary(a * b.Value, b, a);
    public static Adjoint operator /(Adjoint a, double b) => Unary(a.Value / b, a, 1 / b);
    public static Adjoint operator /(double a, Adjoint b) => Unary(a / b.Value, b, -(a / b.Value) / b.Value);

    public static Adjoint Min(Adjoint a, Adjoint b) =>
        a.Value < b.Value ? Binary(a.Value, a, 1, b, 0) : a.Value > b.Value ? Binary(b.Value, a, 0, b, 1)
        : a.Value == b.Value ? Binary(a.Value, a, 0.5, b, 0.5) : Binary(double.NaN, a, double.NaN, b, double.NaN);

    public static Adjoint Max(Adjoint a, Adjoint b) =>
        a.Value > b.Value ? Binary(a.Value, a, 1, b, 0) : a.Value < b.Value ? Binary(b.Value, a, 0, b, 1)
        : a.Value == b.Value ? Binary(a.Value, a, 0.5, b, 0.5) : Binary(double.NaN, a, double.NaN, b, double.NaN);

    public static Adjoint ClampMin(Adjoint x, double lower) => Unary(Math.Max(x.Value, lower), x, x.Value >= lower ? 1 : 0);
    public static Adjoint ClampMax(Adjoint x, double upper) => Unary(Math.Min(x.Value, upper), x, x.Value <= upper ? 1 : 0);

    public static Adjoint Clamp(Adjoint x, double lower, double upper) =>
        Unary(Math.Min(Math.Max(x.Value, lower), upper), x, x.Value >= lower && x.Value <= upper ? 1 : 0);

    public static Adjoint Pow(Adjoint x, double exponent) =>
        Unary(Math.Pow(x.Value, exponent), x, exponent == 0 ? 0 : exponent * Math.Pow(x.Value, exponent - 1));

    public static Adjoint Pow(Adjoint x, Adjoint exponent)
    {
        double y = Math.Pow(x.Value, exponent.Value);
        double dx = exponent.Value == 0 ? 0 : exponent.Value * Math.Pow(x.Value, exponent.Value - 1);
        double de = x.Value == 0 && exponent.Value >= 0 ? 0 : y * Math.Log(x.Value);
        return Binary(y, x, dx, exponent, de);
    }

    public static Adjoint Exp(Adjoint x) { double y = Math.Exp(x.Value); return Unary(y, x, y); }
    public static Adjoint Log(Adjoint x) => Unary(Math.Log(x.Value), x, 1 / x.Value);
    public static Adjoint Sqrt(Adjoint x) { double y = Math.Sqrt(x.Value); return Unary(y, x, 0.5 / y); }
    public static Adjoint Tanh(Adjoint x) { double y = Math.Tanh(x.Value); return Unary(y, x, 1 - y * y); }
}
