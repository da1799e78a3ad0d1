using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Core.Tensors;

/// <summary>
/// TorchSharp <see cref="Scalar"/>s that stay reachable for the life of the process, and tensor ops that use them
/// instead of the Scalars TorchSharp makes on the fly. Use them in every loop that runs tensor ops (docs/platform.md).
/// <para>Why: TorchSharp 0.107 turns each C# number given to a tensor op (<c>t * 0.5</c>, <c>t.clamp_min(0)</c>,
/// <c>1 - t</c>) into a new <see cref="Scalar"/>, and <c>Tensor.add(Tensor)</c>, hence <c>a + b</c>, makes one for its
/// implicit <c>alpha = 1</c>. A Scalar owns a native <c>c10::Scalar</c> freed by its finalizer; TorchSharp reads the
/// handle, calls libtorch and keeps no reference (no <c>GC.KeepAlive</c>, and Scalars are not registered in dispose
/// scopes). A garbage collection on any thread during that call finalizes the Scalar, and libtorch reads freed memory:
/// <c>Expected false to be true … toDouble at c10/core/Scalar.h</c>, or a wrong value. A Scalar held here is never
/// finalized, so it cannot be freed under libtorch.</para>
/// <para>Results are bit-identical to the operators: <see cref="Kept(double)"/> is what the implicit conversion from
/// <c>double</c> makes, <see cref="Kept(long)"/> what the one from <c>int</c>/<c>long</c> makes (libtorch stores both as
/// int64), and each helper calls the native op its operator calls.</para>
/// <para>Constants only (model constants, bounds, options): every distinct value is kept for good, and more than
/// <see cref="Capacity"/> of them is an error. A number computed per call goes in a <c>using var s = x.ToScalar();</c>
/// around the op (the <c>using</c> keeps it reachable until after the call).</para>
/// </summary>
public static class KeptScalars
{
    /// <summary>Most distinct values kept (of each kind); a sign that run-time values are being kept.</summary>
    public const int Capacity = 4096;

    static readonly ConcurrentDictionary<long, Scalar> doubles = new(), integers = new();

    /// <summary>The integer 1, the <c>alpha</c> that <c>a + b</c> passes to <c>Tensor.add</c>.</summary>
    public static Scalar AlphaOne { get; } = Kept(1L);

    /// <summary>A kept Scalar holding the double <paramref name="value"/> (keyed by its bits: −0.0 and 0.0 differ).</summary>
    public static Scalar Kept(double value) =>
        doubles.TryGetValue(BitConverter.DoubleToInt64Bits(value), out var s) ? s : Add(doubles, BitConverter.DoubleToInt64Bits(value), static bits => BitConverter.Int64BitsToDouble(bits).ToScalar());

    /// <summary>A kept Scalar holding the integer <paramref name="value"/> (as <c>t.clamp_min(0)</c> passes it).</summary>
    public static Scalar Kept(long value) => integers.TryGetValue(value, out var s) ? s : Add(integers, value, static v => v.ToScalar());

    static Scalar Add(ConcurrentDictionary<long, Scalar> cache, long key, Func<long, Scalar> make)
    {
        if (cache.Count >= Capacity)
            throw new InvalidOperationException($"KeptScalars holds {Capacity} distinct values: it is for constants. Wrap a value computed at run time in 'using var s = value.ToScalar();' around the op instead.");
        // A racing thread may build the same value; the loser is never used, so its finalizer frees nothing in use.
        return cache.GetOrAdd(key, make);
    }

    /// <summary><c>a + b</c> (<c>a.add(b, alpha: 1)</c>).</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, AlphaOne);

    /// <summary><c>a + b</c> and <c>b + a</c> for a double <paramref name="b"/>.</summary>
    public static Tensor Plus(this Tensor a, double b) => a.add(Kept(b), AlphaOne);

    /// <summary><c>a + b</c> and <c>b + a</c> for an integer <paramref name="b"/>.</summary>
    public static Tensor Plus(this Tensor a, long b) => a.add(Kept(b), AlphaOne);

    /// <summary><c>b − a</c> for a double <paramref name="b"/> (the operator's <c>(−a) + b</c>).</summary>
    public static Tensor RSub(this Tensor a, double b) => a.negative().add(Kept(b), AlphaOne);

    /// <summary><c>b − a</c> for an integer <paramref name="b"/> (the operator's <c>(−a) + b</c>).</summary>
    public static Tensor RSub(this Tensor a, long b) => a.negative().add(Kept(b), AlphaOne);
}
