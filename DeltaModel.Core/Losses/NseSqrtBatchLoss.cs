using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Core.Losses;

/// <summary>
/// δMG <c>NseSqrtBatchLoss</c> (spec §4): (1/N_Ω) Σ √((p_tb − y_tb)² + β) / (σ_b + ε) — the absolute-error sibling of
/// <see cref="NseBatchLoss"/>, less dominated by peaks.
/// </summary>
public sealed class NseSqrtBatchLoss : ILoss
{
    /// <param name="eps">ε added to σ_b [target unit]. Range: &gt; 0. δMG: 0.1.</param>
    /// <param name="beta">β under the root, keeps its gradient finite at p = y. Range: ≥ 0. δMG: 1e-6.</param>
    public NseSqrtBatchLoss(double eps = 0.1, double beta = 1e-6)
    {
        Eps = eps;
        Beta = beta;
    }

    public string Name => "nse_sqrt_batch";
    public bool RequiresBasinStd => true;
    public double Eps { get; }
    public double Beta { get; }

    public Tensor Compute(Tensor prediction, Tensor target, LossContext context)
    {
        var m = MaskedBatch.From(prediction, target, Name);
        var scale = BasinScale.Of(context, prediction, Name).Plus(Eps);                    // [b]
        return m.MaskedMean(MaskedBatch.SafeSqrt((m.Prediction - m.Target).square().Plus(Beta)) / scale);
    }
}
