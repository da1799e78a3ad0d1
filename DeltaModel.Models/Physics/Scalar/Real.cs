using System.Runtime.CompilerServices;

namespace DeltaModel.Models.Physics.Scalar;

/// <summary>A step's number as a plain double: the fused forward runs <see cref="IScalarStep"/> with it (no tape).</summary>
public readonly struct Real : IScalar<Real>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Real(double value) => Value = value;

    /// <summary>The value (a field for the JIT's sake, as <see cref="Lanes.Value"/>).</summary>
    public readonly double Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real Constant(double value) => new(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real Less(Real a, Real b) => new(a.Value < b.Value ? 1 : 0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real LessOrEqual(Real a, Real b) => new(a.Value <= b.Value ? 1 : 0);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real Where(Real indicator, Real whenTrue, Real whenFalse) => indicator.Value != 0 ? whenTrue : whenFalse;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(Real indicator) => indicator.Value != 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Real indicator) => indicator.Value != 0;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real operator +(Real a, Real b) => new(a.Value + b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real operator -(Real a, Real b) => new(a.Value - b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real operator *(Real a, Real b) => new(a.Value * b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real operator /(Real a, Real b) => new(a.Value / b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real operator -(Real a) => new(-a.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real operator +(Real a, double b) => new(a.Value + b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real operator +(double a, Real b) => new(a + b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real operator -(Real a, double b) => new(a.Value - b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real operator -(double a, Real b) => new(a - b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real operator *(Real a, double b) => new(a.Value * b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real operator *(double a, Real b) => new(a * b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real operator /(Real a, double b) => new(a.Value / b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real operator /(double a, Real b) => new(a / b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real Min(Real a, Real b) => new(Math.Min(a.Value, b.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real Max(Real a, Real b) => new(Math.Max(a.Value, b.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real ClampMin(Real x, double lower) => new(Math.Max(x.Value, lower));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real ClampMax(Real x, double upper) => new(Math.Min(x.Value, upper));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real Clamp(Real x, double lower, double upper) => new(Math.Min(Math.Max(x.Value, lower), upper));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real Pow(Real x, double exponent) => new(ShortPowers.Has(exponent) ? ShortPowers.Pow(x.Value, exponent) : Math.Pow(x.Value, exponent));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real Pow(Real x, Real exponent) => new(Math.Pow(x.Value, exponent.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real Exp(Real x) => new(Math.Exp(x.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real Log(Real x) => new(Math.Log(x.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real Sqrt(Real x) => new(Math.Sqrt(x.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real Tanh(Real x) => new(Math.Tanh(x.Value));
}
