using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Core.Losses;

/// <summary>
/// δMG <c>KgeNormBatchLoss</c> (spec §4): 1 − KGE/(2 − KGE), the bounded KGE′ transform mapping KGE ∈ (−∞, 1] to
/// [0, 2), so one very poor batch cannot dominate an epoch's average. KGE as in <see cref="KgeBatchLoss"/> (same
/// population-std deviation); 0 for a batch without observations.
/// </summary>
public sealed class KgeNormBatchLoss : ILoss
{
    /// <param name="eps">ε in the KGE denominators [target unit]. Range: &gt; 0. δMG: 0.1.</param>
    public KgeNormBatchLoss(double eps = 0.1) => Eps = eps;

    public string Name => "kge_norm_batch";
    public bool RequiresBasinStd => false;
    public double Eps { get; }

    public Tensor Compute(Tensor prediction, Tensor target, LossContext context)
    {
        var m = MaskedBatch.From(prediction, target, Name);
        var kge = KgeBatchLoss.PooledKge(m, Eps);
        var loss = (kge / kge.RSub(2)).RSub(1);
        return where(m.Count.gt(Kept(0)), loss, zeros_like(loss));
    }
}
