using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Core.Losses;

/// <summary>
/// δHBV 1.0's loss (δMG <c>RmseCombLoss</c>, legacy hydroDL <c>RmseLossComb</c>; spec §4):
/// (1 − α)·RMSE(p, y) + α·RMSE(g(p), g(y)) with g(x) = log10(√(x + β) + 0.1). The log term weights low flows, which
/// the plain RMSE leaves to the peaks.
/// </summary>
public sealed class RmseCombLoss : ILoss
{
    /// <param name="alpha">Weight α of the transformed term. Range: [0, 1]. δMG: 0.25.</param>
    /// <param name="beta">Offset β under the root [target unit]. Range: ≥ 0. δMG: 1e-6.</param>
    public RmseCombLoss(double alpha = 0.25, double beta = 1e-6)
    {
        Alpha = alpha;
        Beta = beta;
    }

    public string Name => "rmse_comb";
    public bool RequiresBasinStd => false;
    public double Alpha { get; }
    public double Beta { get; }

    public Tensor Compute(Tensor prediction, Tensor target, LossContext context)
    {
        var m = MaskedBatch.From(prediction, target, Name);
        var rmse = MaskedBatch.SafeSqrt(m.MaskedMean((m.Prediction - m.Target).square()));
        var rmseLog = MaskedBatch.SafeSqrt(m.MaskedMean((Transform(m.Prediction) - Transform(m.Target)).square()));
        return rmse.mul(Kept(1 - Alpha)).Plus(rmseLog.mul(Kept(Alpha)));
    }

    /// <summary>
    /// g(x) = log10(√(max(x, 0) + β) + 0.1). Deviation (spec §4, §10 "no silent NaN"): δMG takes √(x + β) of the raw
    /// value, which is NaN for a negative prediction (e.g. a network in normalized units); we clamp x at 0 first, so a
    /// negative prediction contributes g(0) and a zero gradient instead of a NaN loss. Identical for x ≥ 0.
    /// </summary>
    Tensor Transform(Tensor x) => log10(MaskedBatch.SafeSqrt(x.clamp_min(Kept(0.0)).Plus(Beta)).Plus(0.1));
}
