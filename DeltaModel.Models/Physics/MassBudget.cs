using static TorchSharp.torch;

namespace DeltaModel.Models.Physics;

/// <summary>
/// Water balance of one physics run per basin, before routing [mm over the run]: what fell, what left (evaporation and
/// runoff generated), how much the stores changed, and the water that numerical floors created. Spec §10.21 asks for
/// such diagnostics; the Python original has none. All tensors are <c>[B]</c>, float64, without gradient.
/// </summary>
/// <param name="Inputs">Σ precipitation [mm].</param>
/// <param name="Outputs">Σ (actual evaporation + generated runoff) [mm], runoff before routing.</param>
/// <param name="StorageChange">Stores at the end minus at the start, component mean, summed over stores [mm].</param>
/// <param name="NumericalGain">Σ water created by the ε floors on stores after withdrawals [mm] (≈ ε per floored day).</param>
/// <param name="Exchange">Σ water gained (+) or lost (−) across the basin boundary other than by precipitation,
/// evaporation and streamflow, e.g. GR4J's groundwater exchange [mm]; null for models without such a process.</param>
public sealed record MassBudget(Tensor Inputs, Tensor Outputs, Tensor StorageChange, Tensor NumericalGain, Tensor? Exchange = null)
{
    /// <summary>
    /// Inputs + numerical gain + exchange − outputs − storage change [mm], <c>[B]</c>: zero up to rounding for a model
    /// that conserves mass; anything larger is a bug (or a process that is not booked).
    /// </summary>
    public Tensor Residual => Exchange is null ? Inputs + NumericalGain - Outputs - StorageChange : Inputs + NumericalGain + Exchange - Outputs - StorageChange;

    /// <summary>The largest |residual| relative to the basin's inputs + |storage change| (1 mm floor), over basins.</summary>
    public double MaxRelativeResidual()
    {
        using var scope = NewDisposeScope();
        var scale = (Inputs + StorageChange.abs() + (Exchange?.abs() ?? Inputs.new_zeros(Inputs.shape))).clamp_min(1.0);
        return (Residual.abs() / scale).max().item<double>();
    }
}
