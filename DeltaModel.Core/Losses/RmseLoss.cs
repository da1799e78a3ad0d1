using static TorchSharp.torch;

namespace DeltaModel.Core.Losses;

/// <summary>
/// Root mean squared error over observed entries (δMG <c>RmseLoss</c>, spec §4): √((1/N_Ω) Σ (p − y)²). δMG reads
/// α and β for this loss but never uses them; so do we.
/// </summary>
public sealed class RmseLoss : ILoss
{
    public string Name => "rmse";
    public bool RequiresBasinStd => false;

    public Tensor Compute(Tensor prediction, Tensor target, LossContext context)
    {
        var m = MaskedBatch.From(prediction, target, Name);
        return MaskedBatch.SafeSqrt(m.MaskedMean((m.Prediction - m.Target).square()));
    }
}
