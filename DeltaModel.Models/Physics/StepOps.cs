using DeltaModel.Core.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics;

/// <summary>
/// Arithmetic for daily tensor loops that creates no transient TorchSharp <see cref="Scalar"/>. TorchSharp frees a
/// <see cref="Scalar"/> in its finalizer; one made on the fly (an implicit <c>double → Scalar</c>, and the hidden
/// <c>alpha = 1</c> of every tensor <c>a + b</c> / <c>a − b</c>) is unreachable as soon as its handle is passed to the
/// native call, so a garbage collection triggered by another thread during that call can free it under libtorch
/// ("Expected false to be true … c10::Scalar::toDouble"). Seen after minutes of SAC-SMA training and in parallel test
/// runs. Here every scalar is created once and kept alive for the process (a handful of constants).
/// Tensor·tensor products, quotients, comparisons, <c>minimum</c>/<c>where</c> take no scalar and stay operators.
/// </summary>
internal static class StepOps
{
    static readonly Scalar one = KeptScalars.AlphaOne;

    /// <summary>A process-lifetime scalar for <paramref name="value"/> (the shared cache of <see cref="KeptScalars"/>).</summary>
    public static Scalar S(double value) => KeptScalars.Kept(value);

    /// <summary><c>a + b</c>.</summary>
    public static Tensor Add(Tensor a, Tensor b) => a.add(b, one);

    /// <summary><c>a + b</c>.</summary>
    public static Tensor Add(Tensor a, double b) => a.add(S(b), one);

    /// <summary><c>a − b</c>.</summary>
    public static Tensor Sub(Tensor a, Tensor b) => a.sub(b);                 // TorchSharp's sub(Tensor) has no alpha

    /// <summary><c>a − b</c>.</summary>
    public static Tensor Sub(double a, Tensor b) => b.neg().add(S(a), one);

    /// <summary><c>a · b</c>.</summary>
    public static Tensor Mul(Tensor a, double b) => a.mul(S(b));

    /// <summary><c>max(x, 0)</c> (clamp: gradient passes where x ≥ 0, spec §2.10).</summary>
    public static Tensor Pos(Tensor x) => x.clamp_min(S(0));

    /// <summary><c>max(x, lower)</c>.</summary>
    public static Tensor AtLeast(Tensor x, double lower) => x.clamp_min(S(lower));

    /// <summary><c>min(x, upper)</c>.</summary>
    public static Tensor AtMost(Tensor x, double upper) => x.clamp_max(S(upper));

    /// <summary><c>clip(x, lower, upper)</c>.</summary>
    public static Tensor Clip(Tensor x, double lower, double upper) => x.clamp(S(lower), S(upper));

    /// <summary><c>x^e</c>.</summary>
    public static Tensor Pow(Tensor x, double e) => x.pow(S(e));
}
