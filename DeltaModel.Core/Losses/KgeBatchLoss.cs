using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Core.Losses;

/// <summary>
/// δMG <c>KgeBatchLoss</c> (spec §4): 1 − KGE, with KGE pooled over <em>all</em> observed (t, b) of the batch (not per
/// basin, as in δMG): r = Σ(p − p̄)(y − ȳ) / (√(Σ(p − p̄)² Σ(y − ȳ)²) + ε), β = p̄ / (ȳ + ε), γ = s_p / (s_y + ε),
/// KGE = 1 − √((r − 1)² + (β − 1)² + (γ − 1)²).
/// <para>
/// Deviation (spec §10 item 25): δMG's loss uses the sample std (ddof 1) while its KGE metric uses the population std;
/// we use the population std (ddof 0) in both, so the loss optimizes the quantity that is reported. The difference is a
/// factor √(N/(N − 1)) on both s_p and s_y (negligible for a batch of thousands of days), and ddof 0 stays defined
/// for N = 1. A batch without observations gives 0 (δMG: NaN).
/// </para>
/// </summary>
public sealed class KgeBatchLoss : ILoss
{
    /// <param name="eps">ε in the denominators of r, β and γ [target unit]. Range: &gt; 0. δMG: 0.1.</param>
    public KgeBatchLoss(double eps = 0.1) => Eps = eps;

    public string Name => "kge_batch";
    public bool RequiresBasinStd => false;
    public double Eps { get; }

    public Tensor Compute(Tensor prediction, Tensor target, LossContext context)
    {
        var m = MaskedBatch.From(prediction, target, Name);
        var kge = PooledKge(m, Eps);
        return where(m.Count.gt(Kept(0)), kge.RSub(1), zeros_like(kge));
    }

    /// <summary>The pooled KGE of the observed entries (meaningless when none is observed; callers guard).</summary>
    internal static Tensor PooledKge(MaskedBatch m, double eps)
    {
        var n = m.Count.clamp_min(Kept(1.0));
        var zeros = zeros_like(m.Prediction);
        var pMean = m.Prediction.sum() / n;                                    // []
        var yMean = m.Target.sum() / n;                                        // []
        var dp = where(m.Mask, m.Prediction - pMean, zeros);                   // [T, b]
        var dy = where(m.Mask, m.Target - yMean, zeros);                       // [T, b]
        var ssp = dp.square().sum();
        var ssy = dy.square().sum();
        var r = (dp * dy).sum() / MaskedBatch.SafeSqrt(ssp * ssy).Plus(eps);
        var beta = pMean / yMean.Plus(eps);
        var gamma = MaskedBatch.SafeSqrt(ssp / n) / MaskedBatch.SafeSqrt(ssy / n).Plus(eps);
        return MaskedBatch.SafeSqrt(r.sub(Kept(1)).square().Plus(beta.sub(Kept(1)).square()).Plus(gamma.sub(Kept(1)).square())).RSub(1);
    }
}
