using TorchSharp;
using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Routing;

/// <summary>
/// Gamma unit-hydrograph routing (spec §2.9): a causal convolution of each basin's daily runoff with a truncated,
/// renormalized gamma density whose shape and scale come from two routing parameters per basin. Water already
/// generated but not yet released ("in transit") is carried between calls as the last <c>L − 1</c> days of unrouted
/// input, so routing can continue through warm-up instead of restarting empty (deviation, spec §10.16).
/// </summary>
public static class GammaUnitHydrograph
{
    /// <summary>Kernel length for daily models [d] (spec §2.9).</summary>
    public const int DailyLength = 15;

    /// <summary>Offset added to <c>relu(route_a)</c> to get the shape α (keeps α ≥ 0.1).</summary>
    public const double ShapeOffset = 0.1;

    /// <summary>Offset added to <c>relu(route_b)</c> to get the scale θ [d] (keeps θ ≥ 0.5).</summary>
    public const double ScaleOffset = 0.5;

    /// <summary>
    /// Kernel ordinates at mid-day points <c>t_k = k + 0.5</c>, normalized to sum to 1 per basin.
    /// The gamma density's constant <c>1/(Γ(α)·θ^α)</c> cancels in the normalization, so the weights are computed as a
    /// softmax over <c>(α − 1)·ln t_k − t_k/θ</c>: identical in exact arithmetic, free of lgamma overflow, and stable
    /// for α → 0.1 where the first ordinate dominates.
    /// </summary>
    /// <param name="routeA">Shape parameter <c>a ∈ [0, 2.9]</c> before the offset, <c>[B]</c>.</param>
    /// <param name="routeB">Scale parameter <c>b ∈ [0, 6.5]</c> [d] before the offset, <c>[B]</c>.</param>
    /// <param name="length">Kernel length L [d] (≥ 1).</param>
    /// <returns>Weights <c>[B, L]</c>; <c>w[b, k]</c> is the share of day t's runoff released on day t + k.</returns>
    public static Tensor Weights(Tensor routeA, Tensor routeB, int length = DailyLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        using var scope = NewDisposeScope();
        var alpha = nn.functional.relu(routeA).unsqueeze(-1).Plus(ShapeOffset);               // [B, 1]
        var theta = nn.functional.relu(routeB).unsqueeze(-1).Plus(ScaleOffset);               // [B, 1]
        // arange(L) + 0.5 from a managed array: TorchSharp's arange makes Scalars on the fly (docs/platform.md).
        var t = tensor(Enumerable.Range(0, length).Select(k => k + 0.5).ToArray(), dtype: routeA.dtype, device: routeA.device);   // [L]
        var logDensity = alpha.sub(Kept(1)) * t.log() - t / theta;                                  // [B, L]
        return logDensity.softmax(-1).MoveToOuterDisposeScope();                            // [B, L]
    }

    /// <summary>Routes series through per-basin kernels: <c>out_t = Σ_k w_k · x_{t−k}</c>.</summary>
    /// <param name="series">Unrouted input <c>[T, B, K]</c> (K series per basin share the basin's kernel).</param>
    /// <param name="weights">Kernel <c>[B, L]</c> from <see cref="Weights"/>.</param>
    /// <param name="history">The last <c>L − 1</c> days of input before day 0 <c>[L−1, B, K]</c>; null = none (cold start, as in the original).</param>
    /// <returns>Routed series <c>[T, B, K]</c>.</returns>
    public static Tensor Route(Tensor series, Tensor weights, Tensor? history = null)
    {
        long T = series.shape[0], B = series.shape[1], K = series.shape[2], L = weights.shape[1];
        if (weights.shape[0] != B) throw new ArgumentException($"routing weights are for {weights.shape[0]} basins, the series has {B}.");
        using var scope = NewDisposeScope();
        var past = PastOrZeros(series, history, L);                                         // [L−1, B, K]
        var x = cat([past, series], 0).permute(1, 2, 0).reshape(1, B * K, T + L - 1);       // [1, B·K, T+L−1]
        // conv1d correlates, so the kernel is flipped: kernel[i] = w[L−1−i].
        var kernel = weights.flip(1).unsqueeze(1).repeat_interleave(K, dim: 0);             // [B·K, 1, L]
        var routed = nn.functional.conv1d(x, kernel, groups: B * K);                        // [1, B·K, T]
        return routed.reshape(B, K, T).permute(2, 0, 1).contiguous().MoveToOuterDisposeScope();  // [T, B, K]
    }

    /// <summary>The history to carry into the next call: the last <c>L − 1</c> days of (history ++ series).</summary>
    /// <returns><c>[L−1, B, K]</c>.</returns>
    public static Tensor NextHistory(Tensor series, Tensor? history, int length = DailyLength)
    {
        using var scope = NewDisposeScope();
        var all = cat([PastOrZeros(series, history, length), series], 0);                 // [L−1+T, B, K]
        return all[TensorIndex.Slice(all.shape[0] - (length - 1))].contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Water in transit [input units · d]: what the history will still release after its last day,
    /// <c>Σ_{j=1}^{L−1} x_{−j} · Σ_{k≥j} w_k</c>. Routing conserves mass: Σ in + transit before = Σ out + transit after.
    /// </summary>
    /// <returns><c>[B, K]</c>.</returns>
    public static Tensor InTransit(Tensor history, Tensor weights)
    {
        using var scope = NewDisposeScope();
        long L = weights.shape[1];
        if (history.shape[0] != L - 1) throw new ArgumentException($"history has {history.shape[0]} days, the kernel needs {L - 1}.");
        // Tail sums Σ_{k≥j} w_k for j = 1 … L−1, matched to history days −j (history[L−1−j]).
        var tail = weights.flip(1).cumsum(1).flip(1)[.., 1..];                               // [B, L−1], j = 1 … L−1
        var byDay = tail.flip(1).T.unsqueeze(-1);                                            // [L−1, B, 1], oldest first
        return (history * byDay).sum(0L).MoveToOuterDisposeScope();                           // [B, K]
    }

    static Tensor PastOrZeros(Tensor series, Tensor? history, long L)
    {
        if (history is null) return series.new_zeros(L - 1, series.shape[1], series.shape[2]);
        if (history.shape[0] != L - 1 || history.shape[1] != series.shape[1] || history.shape[2] != series.shape[2])
            throw new ArgumentException($"routing history has shape [{string.Join(", ", history.shape)}], expected [{L - 1}, {series.shape[1]}, {series.shape[2]}].");
        return history.to(series.dtype);
    }
}
