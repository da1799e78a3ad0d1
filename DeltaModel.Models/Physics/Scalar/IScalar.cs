namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// The number type a daily step is written against once (<see cref="IScalarStep"/>): <see cref="Real"/> runs it
/// (plain doubles, the fused forward) and <see cref="Adjoint"/> records it for reverse mode (the exact backward).
/// <para>Every non-smooth function has the subgradient of its libtorch twin (spec §2.10), so the fused gradients equal
/// the tensor path's: <c>clamp</c>s pass gradient where the bound is met (inclusive), <see cref="Min"/> and
/// <see cref="Max"/> split a tie in halves, and a comparison of <see cref="Value"/>s is an indicator (no gradient).</para>
/// </summary>
/// <typeparam name="T">The implementing struct itself.</typeparam>
public interface IScalar<T> where T : struct, IScalar<T>
{
    /// <summary>The value (branch on it only for indicators: a condition passes no gradient).</summary>
    double Value { get; }

    /// <summary>A constant: no gradient flows into it.</summary>
    static abstract T Constant(double value);

    static abstract T operator +(T a, T b);
    static abstract T operator -(T a, T b);
    static abstract T operator *(T a, T b);
    static abstract T operator /(T a, T b);
    static abstract T operator -(T a);
    static abstract T operator +(T a, double b);
    static abstract T operator +(double a, T b);
    static abstract T operator -(T a, double b);
    static abstract T operator -(double a, T b);
    static abstract T operator *(T a, double b);
    static abstract T operator *(double a, T b);
    static abstract T operator /(T a, double b);
    static abstract T operator /(double a, T b);

    /// <summary><c>torch.minimum</c>: the smaller; a tie gives each half the gradient.</summary>
    static abstract T Min(T a, T b);

    /// <summary><c>torch.maximum</c>: the larger; a tie gives each half the gradient.</summary>
    static abstract T Max(T a, T b);

    /// <summary><c>clamp_min</c>: max(x, lower); gradient passes where x ≥ lower.</summary>
    static abstract T ClampMin(T x, double lower);

    /// <summary><c>clamp_max</c>: min(x, upper); gradient passes where x ≤ upper.</summary>
    static abstract T ClampMax(T x, double upper);

    /// <summary><c>clamp</c>: gradient passes where lower ≤ x ≤ upper.</summary>
    static abstract T Clamp(T x, double lower, double upper);

    /// <summary><c>pow</c> with a constant exponent; no gradient when the exponent is 0.</summary>
    static abstract T Pow(T x, double exponent);

    /// <summary><c>pow</c> with a variable exponent; libtorch's masks: none to x where the exponent is 0, none to the
    /// exponent where x = 0 and the exponent ≥ 0.</summary>
    static abstract T Pow(T x, T exponent);

    static abstract T Exp(T x);
    static abstract T Log(T x);
    static abstract T Sqrt(T x);
    static abstract T Tanh(T x);
}
