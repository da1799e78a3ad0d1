using static TorchSharp.torch;

namespace DeltaModel.Models.Physics;

/// <summary>The outcome of <see cref="IPhysicsModel.Run"/>.</summary>
/// <param name="Series">Output series by name, basin level (component-averaged, routed where the model routes), each <c>[T, B]</c>.</param>
/// <param name="Scalars">Per-basin summary values (e.g. <c>BFI</c>), each <c>[B]</c>.</param>
/// <param name="FinalState">State after the last day.</param>
public sealed record PhysicsResult(
    IReadOnlyDictionary<string, Tensor> Series,
    IReadOnlyDictionary<string, Tensor> Scalars,
    PhysicsState FinalState);
