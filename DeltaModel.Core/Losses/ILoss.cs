using static TorchSharp.torch;

namespace DeltaModel.Core.Losses;

/// <summary>
/// A training loss over one minibatch (spec §4). Implementations mask missing observations so that neither the value
/// nor the gradient ever sees a NaN from the target, and return a defined value (zero) when a batch has no observation.
/// </summary>
public interface ILoss
{
    /// <summary>The registry key, e.g. <c>nse_batch</c>.</summary>
    string Name { get; }

    /// <summary>Whether <see cref="Compute"/> needs <see cref="LossContext.BasinStd"/> (the NSE-batch family).</summary>
    bool RequiresBasinStd { get; }

    /// <summary>The scalar loss of a minibatch.</summary>
    /// <param name="prediction">Simulated series <c>[T, b]</c>, any float dtype; gradients flow into it.</param>
    /// <param name="target">Observed series <c>[T, b]</c>; NaN marks a missing observation. Converted to the prediction's dtype and device.</param>
    /// <param name="context">Per-basin constants of the batch's basins.</param>
    /// <returns>A 0-d tensor in the prediction's dtype.</returns>
    Tensor Compute(Tensor prediction, Tensor target, LossContext context);
}
