using static TorchSharp.torch;

namespace DeltaModel.Core.Losses;

/// <summary>Mean squared error over observed entries (δMG <c>MSELoss</c>, spec §4): (1/N_Ω) Σ (p − y)².</summary>
public sealed class MseLoss : ILoss
{
    public string Name => "mse";
    public bool RequiresBasinStd => false;

    public Tensor Compute(Tensor prediction, Tensor target, LossContext context)
    {
        var m = MaskedBatch.From(prediction, target, Name);
        return m.MaskedMean((m.Prediction - m.Target).square());
    }
}
