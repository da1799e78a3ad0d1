using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Core.Losses;

/// <summary>
/// δHBV 1.1p's and the LSTM's loss (δMG <c>NseBatchLoss</c>, spec §4): (1/N_Ω) Σ (p_tb − y_tb)² / (σ_b + ε)², with σ_b
/// the standard deviation of basin b's training target (<see cref="BasinStd"/>). Dividing by σ_b keeps wet, highly
/// variable basins from dominating the batch, so minimizing it approximates maximizing each basin's NSE.
/// </summary>
public sealed class NseBatchLoss : ILoss
{
    /// <param name="eps">ε added to σ_b [target unit]. Range: &gt; 0. δMG: 0.1.</param>
    public NseBatchLoss(double eps = 0.1) => Eps = eps;

    public string Name => "nse_batch";
    public bool RequiresBasinStd => true;
    public double Eps { get; }

    public Tensor Compute(Tensor prediction, Tensor target, LossContext context)
    {
        var m = MaskedBatch.From(prediction, target, Name);
        var scale = BasinScale.Of(context, prediction, Name).Plus(Eps);                    // [b]
        return m.MaskedMean(((m.Prediction - m.Target) / scale).square());
    }
}
