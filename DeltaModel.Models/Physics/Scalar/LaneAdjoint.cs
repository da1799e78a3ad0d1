using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// <see cref="Adjoint"/> on <see cref="LaneMath.Width"/> components at once: lane values and one node of a
/// <see cref="LaneTape"/> shared by the lanes. Every lane's value and partials are <see cref="Adjoint"/>'s for that
/// component (the same formulas, lane by lane), so a lane's gradients are the scalar backward's up to the order of
/// rounding where <see cref="Where"/> records a node the scalar path does not need.
/// </summary>
public readonly struct LaneAdjoint : IScalar<LaneAdjoint>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public LaneAdjoint(Vector<double> value, int index) { Value = value; Index = index; }

    /// <summary>One value per lane (a field for the JIT's sake, as <see cref="Lanes.Value"/>).</summary>
    public readonly Vector<double> Value;

    /// <summary>The node and its tape (<see cref="LaneTape.Of"/>), or <see cref="Tape.Sink"/> for a constant.</summary>
    public readonly int Index;

    static Vector<double> One => Vector<double>.One;
    static Vector<double> Zero => Vector<double>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static LaneAdjoint Unary(Vector<double> value, LaneAdjoint a, Vector<double> da) =>
        a.Index == Tape.Sink ? new(value, Tape.Sink) : new(value, LaneTape.Of(a.Index).Push(a.Index, da, Tape.Sink, default));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static LaneAdjoint Binary(Vector<double> value, LaneAdjoint a, Vector<double> da, LaneAdjoint b, Vector<double> db) =>
        (a.Index | b.Index) == Tape.Sink ? new(value, Tape.Sink) : new(value, LaneTape.Of(a.Index | b.Index).Push(a.Index, da, b.Index, db));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint Constant(double value) => new(new Vector<double>(value), Tape.Sink);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint Less(LaneAdjoint a, LaneAdjoint b) => new(LaneMath.Indicator(Vector.LessThan(a.Value, b.Value)), Tape.Sink);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint LessOrEqual(LaneAdjoint a, LaneAdjoint b) => new(LaneMath.Indicator(Vector.LessThanOrEqual(a.Value, b.Value)), Tape.Sink);

    /// <remarks>Where every lane agrees, the chosen operand itself (nothing recorded); else a node passing the gradient
    /// to each lane's choice.</remarks>
    public static LaneAdjoint Where(LaneAdjoint indicator, LaneAdjoint whenTrue, LaneAdjoint whenFalse)
    {
        var no = Vector.Equals(indicator.Value, Zero);
        if (Vector.EqualsAll(no, Vector<long>.Zero)) return whenTrue;
        if (Vector.EqualsAll(no, Vector<long>.AllBitsSet)) return whenFalse;
        var share = Vector.ConditionalSelect(no, Zero, One);
        return Binary(Vector.ConditionalSelect(no, whenFalse.Value, whenTrue.Value), whenTrue, share, whenFalse, One - share);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool All(LaneAdjoint indicator) => !Vector.EqualsAny(indicator.Value, Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(LaneAdjoint indicator) => !Vector.EqualsAll(indicator.Value, Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint operator +(LaneAdjoint a, LaneAdjoint b) => Binary(a.Value + b.Value, a, One, b, One);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint operator -(LaneAdjoint a, LaneAdjoint b) => Binary(a.Value - b.Value, a, One, b, -One);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint operator *(LaneAdjoint a, LaneAdjoint b) => Binary(a.Value * b.Value, a, b.Value, b, a.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LaneAdjoint operator /(LaneAdjoint a, LaneAdjoint b)
    {
        var y = a.Value / b.Value;
        return Binary(y, a, One / b.Value, b, -y / b.Value);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint operator -(LaneAdjoint a) => Unary(-a.Value, a, -One);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint operator +(LaneAdjoint a, double b) => Unary(a.Value + new Vector<double>(b), a, One);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint operator +(double a, LaneAdjoint b) => Unary(new Vector<double>(a) + b.Value, b, One);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint operator -(LaneAdjoint a, double b) => Unary(a.Value - new Vector<double>(b), a, One);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint operator -(double a, LaneAdjoint b) => Unary(new Vector<double>(a) - b.Value, b, -One);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint operator *(LaneAdjoint a, double b) => Unary(a.Value * b, a, new Vector<double>(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint operator *(double a, LaneAdjoint b) => Unary(a * b.Value, b, new Vector<double>(a));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint operator /(LaneAdjoint a, double b) => Unary(a.Value / new Vector<double>(b), a, new Vector<double>(1 / b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LaneAdjoint operator /(double a, LaneAdjoint b)
    {
        var y = new Vector<double>(a) / b.Value;
        return Unary(y, b, -y / b.Value);
    }

    /// <remarks>As <see cref="Adjoint.Min"/> lane by lane: the share of <paramref name="a"/> is 1, 0, ½ on a tie, NaN when either is NaN.</remarks>
    public static LaneAdjoint Min(LaneAdjoint a, LaneAdjoint b)
    {
        Vector<long> lt = Vector.LessThan(a.Value, b.Value), gt = Vector.GreaterThan(a.Value, b.Value), eq = Vector.Equals(a.Value, b.Value);
        var value = Vector.ConditionalSelect(lt | eq, a.Value, Vector.ConditionalSelect(gt, b.Value, new Vector<double>(double.NaN)));
        var da = LaneMath.Share(lt, gt, eq);
        return Binary(value, a, da, b, One - da);
    }

    /// <remarks>As <see cref="Min"/>, with the larger.</remarks>
    public static LaneAdjoint Max(LaneAdjoint a, LaneAdjoint b)
    {
        Vector<long> lt = Vector.LessThan(a.Value, b.Value), gt = Vector.GreaterThan(a.Value, b.Value), eq = Vector.Equals(a.Value, b.Value);
        var value = Vector.ConditionalSelect(gt | eq, a.Value, Vector.ConditionalSelect(lt, b.Value, new Vector<double>(double.NaN)));
        var da = LaneMath.Share(gt, lt, eq);
        return Binary(value, a, da, b, One - da);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LaneAdjoint ClampMin(LaneAdjoint x, double lower)
    {
        var l = new Vector<double>(lower);
        return Unary(LaneMath.Max(x.Value, l), x, LaneMath.Indicator(Vector.GreaterThanOrEqual(x.Value, l)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LaneAdjoint ClampMax(LaneAdjoint x, double upper)
    {
        var u = new Vector<double>(upper);
        return Unary(LaneMath.Min(x.Value, u), x, LaneMath.Indicator(Vector.LessThanOrEqual(x.Value, u)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LaneAdjoint Clamp(LaneAdjoint x, double lower, double upper)
    {
        Vector<double> l = new(lower), u = new(upper);
        return Unary(LaneMath.Min(LaneMath.Max(x.Value, l), u), x,
            LaneMath.Indicator(Vector.GreaterThanOrEqual(x.Value, l) & Vector.LessThanOrEqual(x.Value, u)));
    }

    public static LaneAdjoint Pow(LaneAdjoint x, double exponent)
    {
        var y = LaneMath.Pow(x.Value, exponent);
        if (x.Index == Tape.Sink) return new(y, Tape.Sink);
        Unsafe.SkipInit(out Vector<double> dx);
        for (int i = 0; i < LaneMath.Width; i++) LaneMath.Lane(ref dx, i) = Adjoint.PowPartial(x.Value[i], exponent, y[i]);
        return Unary(y, x, dx);
    }

    public static LaneAdjoint Pow(LaneAdjoint x, LaneAdjoint exponent)
    {
        var y = LaneMath.Pow(x.Value, exponent.Value);
        Unsafe.SkipInit(out Vector<double> dx);
        Unsafe.SkipInit(out Vector<double> de);
        for (int i = 0; i < LaneMath.Width; i++)
        {
            double xi = x.Value[i], ei = exponent.Value[i], yi = y[i];
            LaneMath.Lane(ref dx, i) = Adjoint.PowPartial(xi, ei, yi);
            LaneMath.Lane(ref de, i) = xi == 0 && ei >= 0 ? 0 : yi * Math.Log(xi);
        }
        return Binary(y, x, dx, exponent, de);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LaneAdjoint Exp(LaneAdjoint x) { var y = LaneMath.Exp(x.Value); return Unary(y, x, y); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LaneAdjoint Log(LaneAdjoint x) => Unary(LaneMath.Log(x.Value), x, One / x.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LaneAdjoint Sqrt(LaneAdjoint x) { var y = Vector.SquareRoot(x.Value); return Unary(y, x, new Vector<double>(0.5) / y); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LaneAdjoint Tanh(LaneAdjoint x) { var y = LaneMath.Tanh(x.Value); return Unary(y, x, One - y * y); }
}
