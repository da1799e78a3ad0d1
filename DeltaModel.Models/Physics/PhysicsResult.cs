using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics;

/// <summary>The outcome of <see cref="IPhysicsModel.Run"/>.</summary>
/// <param name="Series">Output series by name, basin level (component-averaged, routed where the model routes), each <c>[T, B]</c>.</param>
/// <param name="Scalars">Per-basin summary values (e.g. <c>BFI</c>), each <c>[B]</c>.</param>
/// <param name="FinalState">State after the last day.</param>
/// <param name="Budget">Water balance of the run before routing (no gradient); null when the model keeps none.</param>
public sealed record PhysicsResult(
    IReadOnlyDictionary<string, Tensor> Series,
    IReadOnlyDictionary<string, Tensor> Scalars,
    PhysicsState FinalState,
    MassBudget? Budget = null)
{
    /// <summary>
    /// A copy whose series keep only days <c>[start, T)</c>; scalars, state and budget describe the whole run and are
    /// kept as they are (spec §1.3: BFI is not cropped).
    /// </summary>
    public PhysicsResult CropDays(long start) =>
        this with { Series = Series.ToDictionary(kv => kv.Key, kv => kv.Value[TensorIndex.Slice(start)]) };
}
