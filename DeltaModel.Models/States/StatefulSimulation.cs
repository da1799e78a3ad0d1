using DeltaModel.Core.Sampling;
using DeltaModel.Core.Training;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Neural;
using DeltaModel.Models.Physics;
using static TorchSharp.torch;

namespace DeltaModel.Models.States;

/// <summary>
/// A batch simulation of a <see cref="HybridModel"/> that carries state across runs: each basin chunk starts from its
/// basins' rows of a <see cref="ModelState"/> (no warm-up) or from the model's warm-up, and the state after each
/// chunk's last day is kept, so that after the last chunk <see cref="EndState"/> holds every basin's. Pass
/// <see cref="Pass"/> to <see cref="Trainer.Simulate"/>. A run split in two at any day with the first part's end state
/// handed to the second equals the run in one piece (docs/outputs.md, "State files").
/// </summary>
public sealed class StatefulSimulation : IDisposable
{
    readonly HybridModel model;
    readonly IReadOnlyList<string> basins;
    readonly ModelState? start;
    readonly Dictionary<string, int> startRow;
    readonly (PhysicsState Physics, RecurrentState? Network)?[] end;

    /// <param name="model">The trained model.</param>
    /// <param name="basins">The simulated basins, in the order of the prepared data the chunks index into.</param>
    /// <param name="start">The state before the first simulated day, holding at least <paramref name="basins"/>; null = warm-up.</param>
    /// <exception cref="NotSupportedException">The model's state cannot be kept (<see cref="HybridModel.WhyNoState"/>) or, with a
    /// start, continued (<see cref="HybridModel.WhyNoContinuation"/>).</exception>
    /// <exception cref="ArgumentException">The start lacks some of the basins, or its network state does not fit the network.</exception>
    public StatefulSimulation(HybridModel model, IReadOnlyList<string> basins, ModelState? start = null)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.basins = basins ?? throw new ArgumentNullException(nameof(basins));
        if ((start is null ? model.WhyNoState : model.WhyNoContinuation) is { } why)
            throw new NotSupportedException($"the model's state cannot be {(start is null ? "kept" : "continued from")}: {why}.");
        this.start = start;
        startRow = start is null ? [] : start.Basins.Select((id, row) => (id, row)).ToDictionary(x => x.id, x => x.row, StringComparer.Ordinal);
        var missing = basins.Where(b => start is not null && !startRow.ContainsKey(b)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"the state holds no basin{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? $" (and {missing.Count - 5} more)" : "")}; " +
                                        $"it holds {start!.Basins.Count} basin(s), and every simulated basin must be among them.");
        long H = ((IRecurrentNetwork)model.Network).StateSize;
        if (start is not null && H > 0 && (start.Network is not { } n || n.H.dim() != 2 || n.H.shape[1] != H || n.C.dim() != 2 || n.C.shape[1] != H))
            throw new ArgumentException($"the state's network state is {(start.Network is null ? "missing" : $"[{string.Join(", ", start.Network.H.shape)}]")}, " +
                                        $"the model's LSTM needs [basins, {H}] (another hidden_size?).");
        end = new (PhysicsState, RecurrentState?)?[basins.Count];
    }

    /// <summary>The pass for <see cref="Trainer.Simulate"/>: no warm-up from a state, the model's otherwise.</summary>
    public SimulationPass Pass => new(start is null ? model.WarmUp : 0, Forward);

    ModelOutput Forward(ModelBatch batch)
    {
        (PhysicsState, RecurrentState?)? from = null;
        if (start is not null)
        {
            var rows = tensor(batch.Basins.Select(b => (long)startRow[basins[b]]).ToArray(), device: batch.PhysicsForcings.device);
            var physics = new PhysicsState(Rows(start.Physics.Stores, 1, rows, batch), start.Physics.RoutingHistory is { } h ? Rows(h, 1, rows, batch) : null);
            var network = start.Network is { } n ? new RecurrentState(Rows(n.H, 0, rows, batch), Rows(n.C, 0, rows, batch)) : null;
            from = (physics, network);
        }
        var (output, endPhysics, endNetwork) = model.ForwardCarryingState(batch, from);
        for (int i = 0; i < batch.Basins.Length; i++)
        {
            // One basin's rows, kept outside the chunk's dispose scope until EndState gathers them.
            var stores = endPhysics.Stores[.., i].cpu().clone().DetachFromDisposeScope();                                // [S, C]
            var history = endPhysics.RoutingHistory?[.., i].cpu().clone().DetachFromDisposeScope();                      // [L−1, K]
            var network = endNetwork is { } e ? new RecurrentState(e.H[i].cpu().clone().DetachFromDisposeScope(), e.C[i].cpu().clone().DetachFromDisposeScope()) : null;
            Release(end[batch.Basins[i]]);
            end[batch.Basins[i]] = (new PhysicsState(stores, history), network);
        }
        return output;
    }

    static Tensor Rows(Tensor values, long dim, Tensor rows, ModelBatch batch) =>
        values.to(batch.PhysicsForcings.device).index_select(dim, rows);

    /// <summary>Every basin's state after its last simulated day (<paramref name="date"/>), in basin order.</summary>
    /// <exception cref="InvalidOperationException">Some basin was not simulated yet.</exception>
    public ModelState EndState(DateOnly date)
    {
        var missing = Enumerable.Range(0, basins.Count).Where(b => end[b] is null).Select(b => basins[b]).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"no end state yet for basin(s) {string.Join(", ", missing.Take(5))}: simulate every chunk first.");
        var states = end.Select(e => e!.Value).ToList();
        var stores = stack(states.Select(s => s.Physics.Stores).ToArray(), 1);                                               // [S, B, C]
        var history = states[0].Physics.RoutingHistory is null ? null : stack(states.Select(s => s.Physics.RoutingHistory!).ToArray(), 1);   // [L−1, B, K]
        var network = states[0].Network is null ? null
            : new RecurrentState(stack(states.Select(s => s.Network!.H).ToArray()), stack(states.Select(s => s.Network!.C).ToArray()));   // [B, H]
        return new ModelState(date, basins, new PhysicsState(stores, history), network);
    }

    static void Release((PhysicsState Physics, RecurrentState? Network)? state)
    {
        if (state is not { } s) return;
        s.Physics.Stores.Dispose();
        s.Physics.RoutingHistory?.Dispose();
        s.Network?.H.Dispose();
        s.Network?.C.Dispose();
    }

    public void Dispose()
    {
        foreach (var state in end) Release(state);
        Array.Clear(end);
    }
}
