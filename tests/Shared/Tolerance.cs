using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Tests.Shared;

/// <summary>
/// How far two results of the same computation may differ when they come from different libtorch code paths — the
/// gradient and the no-gradient LSTM, a vectorized and a scalar kernel, or the same op on another CPU, where libtorch
/// and oneDNN dispatch to AVX-512, AVX2 or scalar kernels at run time (<c>ATEN_CPU_CAPABILITY</c>,
/// <c>ONEDNN_MAX_CPU_ISA</c>). Exactness is only promised by one code path on one machine; a test comparing two paths
/// states how close they must be with this class.
/// <para>The derivation, stated once: each elementwise op rounds to within half a unit in the last place (ε/2 relative);
/// vectorized transcendental functions (exp, tanh, sigmoid) are within a few ε of the correctly rounded value; a sum of
/// <c>n</c> terms in a kernel-dependent order (reduction, matrix product, one LSTM gate) carries ≈ √n·ε of random
/// rounding error. A chain of such steps (the days of a recurrent network) adds its steps' errors. So two paths agree
/// to <c>k·ε(dtype)·√n</c> relative to the magnitude of the result, with <c>k</c> counting the chained steps and a
/// safety factor; a different result (a bfloat16 pass, another network, a bug) is off by orders of magnitude more.</para>
/// </summary>
public static class Tolerance
{
    /// <summary>Machine epsilon of a floating type: the spacing of values just above 1.</summary>
    public static double Epsilon(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => Math.Pow(2, -52),
        ScalarType.Float32 => Math.Pow(2, -23),
        ScalarType.Float16 => Math.Pow(2, -10),
        ScalarType.BFloat16 => Math.Pow(2, -7),
        _ => throw new ArgumentException($"{dtype} is not a floating type."),
    };

    /// <summary>
    /// Relative tolerance between two code paths of a computation in <paramref name="dtype"/> whose results are sums of
    /// <paramref name="terms"/> terms, chained over <paramref name="steps"/> dependent steps: <c>8·steps·ε·√terms</c>
    /// (8: a few ε per transcendental function plus a safety factor of two).
    /// </summary>
    public static double Relative(ScalarType dtype, long terms = 1, int steps = 1) =>
        8.0 * steps * Epsilon(dtype) * Math.Sqrt(terms);

    /// <summary>
    /// Asserts that <paramref name="actual"/> matches <paramref name="expected"/> to <paramref name="relative"/> times the
    /// largest magnitude of <paramref name="expected"/> (an absolute bound on that scale, so values near zero inside a
    /// larger result are not held to a tighter bound than their neighbours), naming the difference when it fails.
    /// </summary>
    public static void AssertClose(Tensor expected, Tensor actual, double relative, string what)
    {
        using var scope = NewDisposeScope();
        Assert.Equal(expected.shape, actual.shape);
        var e = expected.detach().to(ScalarType.Float64);
        var a = actual.detach().to(ScalarType.Float64);
        double scale = Math.Max(e.abs().max().item<double>(), double.Epsilon);
        double difference = (a - e).abs().max().item<double>();
        Assert.True(difference <= relative * scale,
            $"{what}: differs by {difference:E2}, more than {relative:E1} × {scale:G4} (the largest magnitude).");
    }
}
