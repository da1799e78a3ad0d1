namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// The number type a daily step is written against once (<see cref="IScalarStep"/>): <see cref="Real"/> runs it
/// (plain doubles, the fused forward) and <see cref="Adjoint"/> records it for reverse mode (the exact backward), one
/// (basin, component) at a time; <see cref="Lanes"/> and <see cref="LaneAdjoint"/> do the same for several components
/// at once (one per SIMD lane, sharing one tape).
/// <para>Every non-smooth function has the subgradient of its libtorch twin (spec §2.10), so the fused gradients equal
/// the tensor path's: <c>clamp</c>s pass gradient where the bound is met (inclusive), <see cref="Min"/> and
/// <see cref="Max"/> split a tie in halves, and a comparison (<see cref="Less"/>, <see cref="LessOrEqual"/>) is an
/// indicator without gradient that <see cref="Where"/> selects with, lane by lane — a step never branches on a value,
/// since the lanes of one number may disagree (<see cref="All"/>/<see cref="Any"/> may skip work no lane needs).</para>
/// </summary>
/// <typeparam name="T">The implementing struct itself.</typeparam>
public interface IScalar<T> where T : struct, IScalar<T>
{
    /// <summary>A constant: no gradient flows into it.</summary>
    static abstract T Constant(double value);

    /// <summary>The indicator a &lt; b: a constant 1 where it holds, else 0 (no gradient, like a tensor comparison).</summary>
    static abstract T Less(T a, T b);

    /// <summary>The indicator a ≤ b (see <see cref="Less"/>).</summary>
    static abstract T LessOrEqual(T a, T b);

    /// <summary><c>torch.where</c>: <paramref name="whenTrue"/> where the indicator is not 0, else
    /// <paramref name="whenFalse"/>; the gradient goes to the chosen one only. Products of indicators are their "and".</summary>
    static abstract T Where(T indicator, T whenTrue, T whenFalse);

    /// <summary>Whether the indicator holds everywhere (every lane).</summary>
    static abstract bool All(T indicator);

    /// <summary>Whether the indicator holds somewhere (some lane): a step may skip work whose result no lane selects.</summary>
    static abstract bool Any(T indicator);

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
