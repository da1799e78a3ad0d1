using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics;

/// <summary>
/// Everything a physics model carries from one day to the next: its stores and, for models with unit-hydrograph
/// routing, the water still in transit (the recent unrouted runoff the kernel has not yet released).
/// </summary>
/// <param name="Stores">Storages <c>[S, B, C]</c> in the order of <see cref="PhysicsDeclarations.Stores"/> [mm].</param>
/// <param name="RoutingHistory">Unrouted component-mean fluxes of the last <c>L − 1</c> days <c>[L−1, B, K]</c>, or null
/// (cold routing start).</param>
public sealed record PhysicsState(Tensor Stores, Tensor? RoutingHistory = null)
{
    /// <summary>A copy cut from the autograd graph (for spin-up results and state caching).</summary>
    public PhysicsState Detach() => new(Stores.detach(), RoutingHistory?.detach());

    /// <summary>Moves the tensors out of the current dispose scope; returns this.</summary>
    public PhysicsState MoveToOuterDisposeScope()
    {
        Stores.MoveToOuterDisposeScope();
        RoutingHistory?.MoveToOuterDisposeScope();
        return this;
    }
}
