using DeltaModel.Models.Physics;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Routing;

/// <summary>
/// Gamma unit-hydrograph routing (spec §2.9) as a physics model of its own (registry name <c>gamma_routing</c>), for
/// the end of a chain (docs/coupling.md): it reads a runoff series named <c>streamflow</c> [mm/d] — an earlier member's
/// output, or another via the member's <c>forcing_map</c> — and outputs it routed, with its own learned parameters
/// <c>route_a</c>, <c>route_b</c>. It holds no store; the water in transit is its state
/// (<see cref="PhysicsState.RoutingHistory"/>) and the storage term of its water budget, which therefore closes.
/// </summary>
public sealed class GammaRouting : PhysicsModel
{
    /// <param name="options">Only <c>routing</c> (must be on), <c>carry_routing_through_warm_up</c> and <c>backend</c>
    /// (<c>auto</c>/<c>tensor</c>) matter; it has no parameters per component.</param>
    /// <exception cref="ArgumentException">Routing off: the model would do nothing.</exception>
    public GammaRouting(PhysicsOptions options) : base("gamma_routing", options, new PhysicsDeclarations
    {
        Forcings = ["streamflow"],
        Parameters = [],
        Stores = [],
        Outputs = [new("streamflow", "mm/d")],
    })
    {
        if (!options.Routing) throw new ArgumentException("gamma_routing with 'routing: false' would do nothing; leave routing on (it is the model).");
    }

    protected override PhysicsResult Simulate(PhysicsRun run)
    {
        var unrouted = run.Forcings;                                                         // [T, B, 1] mm/d
        var (routed, nextHistory, weights) = Route(run, unrouted);                          // [T, B, 1]
        var series = run.Input.StatesOnly ? new Dictionary<string, Tensor>() : new Dictionary<string, Tensor> { ["streamflow"] = routed[.., .., 0] };
        MassBudget? budget = null;
        if (weights is not null)
            using (no_grad())
            {
                // In transit before and after, with this run's kernel (a cold start's may be shorter than the history).
                int L = (int)weights.shape[1];
                var before = run.Input.InitialState?.RoutingHistory is { } h ? Transit(h, weights, L) : unrouted.new_zeros(run.B).to(ScalarType.Float64);
                var after = Transit(nextHistory!, weights, L);
                budget = new MassBudget(
                    Inputs: unrouted.detach().sum([0L, 2L], type: ScalarType.Float64),
                    Outputs: routed.detach().sum([0L, 2L], type: ScalarType.Float64),
                    StorageChange: after - before,
                    NumericalGain: unrouted.new_zeros(run.B).to(ScalarType.Float64));
            }
        return new PhysicsResult(series, new Dictionary<string, Tensor>(), new PhysicsState(run.InitialStores, nextHistory), budget);
    }

    /// <summary>Water in transit [mm] that the last <c>L − 1</c> days of <paramref name="history"/> still release, <c>[B]</c>.</summary>
    static Tensor Transit(Tensor history, Tensor weights, int L) =>
        GammaUnitHydrograph.InTransit(history.detach()[TensorIndex.Slice(history.shape[0] - (L - 1))].to(ScalarType.Float64), weights.detach().to(ScalarType.Float64))
            .sum([-1]);
}
