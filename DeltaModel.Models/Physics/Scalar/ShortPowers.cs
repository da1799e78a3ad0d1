using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// <c>pow</c> with the constant exponents the declared steps use — 4, −¼ (GR4J's percolation and routing), 3.5, ±2.5
/// (its exchange and unit hydrographs) — written with products and square roots, the same formula for a double and
/// for a vector of lanes (so <see cref="Lanes"/> stays bit for bit <see cref="Real"/>). Each is a few correctly rounded
/// operations, so it equals <see cref="Math.Pow(double, double)"/> up to float64 rounding (as libtorch writes its own
/// special exponents 2, 3, ±½ with products and roots), and costs a fraction of a library pow, which was GR4J's costliest
/// function. Other exponents go to <see cref="Math.Pow(double, double)"/>.
/// </summary>
internal static class ShortPowers
{
    /// <summary>Whether <paramref name="exponent"/> has a short form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Has(double exponent) => exponent is 4 or -0.25 or 3.5 or 2.5 or -2.5;

    /// <summary>x^exponent for an exponent that <see cref="Has"/> a short form.</summary>
    public static double Pow(double x, double exponent) => exponent switch
    {
        4 => x * x * (x * x),
        -0.25 => 1 / Math.Sqrt(Math.Sqrt(x)),
        3.5 => x * x * x * Math.Sqrt(x),
        2.5 => x * x * Math.Sqrt(x),
        _ => 1 / (x * x * Math.Sqrt(x)),                                       // −2.5
    };

    /// <summary><see cref="Pow(double, double)"/> lane by lane.</summary>
    public static Vector<double> Pow(Vector<double> x, double exponent) => exponent switch
    {
        4 => x * x * (x * x),
        -0.25 => Vector<double>.One / Vector.SquareRoot(Vector.SquareRoot(x)),
        3.5 => x * x * x * Vector.SquareRoot(x),
        2.5 => x * x * Vector.SquareRoot(x),
        _ => Vector<double>.One / (x * x * Vector.SquareRoot(x)),
    };
}
