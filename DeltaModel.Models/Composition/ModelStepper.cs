using DeltaModel.Models.Neural;
using DeltaModel.Models.Physics;
using DeltaModel.Models.States;
using static TorchSharp.torch;

namespace DeltaModel.Models.Composition;

/// <summary>
/// A trained <see cref="HybridModel"/> run one day at a time for a fixed set of basins, keeping its state (the
/// network's LSTM state, the physics stores and the routing history) between days: what a coupling framework (a BMI,
/// issue 18) drives. Start it from a state (<see cref="Start"/>), a warm-up over given forcings
/// (<see cref="WarmUp"/>, as the batch run's warm-up) or cold (<see cref="ColdStart"/>), then call <see cref="Step"/>
/// with each day's forcings. Its numbers are the batch run's (<see cref="HybridModel.Forward"/>) to float32 rounding,
/// because it runs the same network, mapping and physics on one-day slices. See docs/stepping.md.
/// <para>Only models whose day-t parameters depend on days ≤ t can step: a network with a static head
/// (<c>lstm_mlp</c>), or one whose every parameter is dynamic. A plain LSTM's static parameters are its output on the
/// sequence's last day (spec §10.15), which a day-by-day run does not know yet; such a model is refused.</para>
/// <para>Normalization is the caller's: forcings and attributes for the network come normalized with the model's
/// statistics, forcings for the physics in physical units (as in <see cref="Core.Sampling.ModelBatch"/>).</para>
/// </summary>
public sealed class ModelStepper : IDisposable
{
    readonly HybridModel model;
    readonly IRecurrentNetwork network;
    readonly Tensor attributes;                                                 // [B, na] normalized
    readonly IReadOnlyDictionary<string, Tensor>? physicsAttributes;           // each [B]
    PhysicsState? physicsState;
    RecurrentState? networkState;
    DateOnly? date;

    /// <param name="model">The trained model (set to eval mode here).</param>
    /// <param name="basins">Basin ids, in the basin order of every tensor passed in and out.</param>
    /// <param name="networkAttributes">Normalized static attributes for the network <c>[B, na]</c>, in
    /// <see cref="Core.Sampling.InputSpec.NetworkAttributes"/> order.</param>
    /// <param name="physicsAttributes">Raw static attributes the physics reads (<see cref="PhysicsDeclarations.Attributes"/>), each <c>[B]</c>.</param>
    /// <exception cref="NotSupportedException">The model's parameters depend on the future (see the class remarks), or it has a
    /// residual post-processor.</exception>
    public ModelStepper(HybridModel model, IReadOnlyList<string> basins, Tensor networkAttributes,
        IReadOnlyDictionary<string, Tensor>? physicsAttributes = null)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        ArgumentNullException.ThrowIfNull(basins);
        ArgumentNullException.ThrowIfNull(networkAttributes);
        if (model.WhyNoContinuation is { } why) throw new NotSupportedException($"the model cannot step one day at a time: {why}.");
        network = (IRecurrentNetwork)model.Network;
        long B = basins.Count, na = model.Inputs.NetworkAttributes.Count;
        if (networkAttributes.dim() != 2 || networkAttributes.shape[0] != B || networkAttributes.shape[1] != na)
            throw new ArgumentException($"network attributes must be [{B}, {na}] (basins, {string.Join(", ", model.Inputs.NetworkAttributes)}), " +
                                        $"got [{string.Join(", ", networkAttributes.shape)}].");
        var missing = model.Inputs.PhysicsAttributes.Where(a => physicsAttributes?.ContainsKey(a) != true).ToList();
        if (missing.Count > 0) throw new ArgumentException($"the physics reads attributes {string.Join(", ", missing)}; pass them as physicsAttributes.");
        Basins = basins;
        attributes = networkAttributes.detach().clone().DetachFromDisposeScope();
        this.physicsAttributes = physicsAttributes;
        model.Module.eval();
    }

    /// <summary>Basin ids, in tensor order.</summary>
    public IReadOnlyList<string> Basins { get; }

    /// <summary>The last day simulated (the date of <see cref="State"/>); null before a start.</summary>
    public DateOnly? Date => date;

    /// <summary>Starts before <paramref name="firstDay"/> from the model's initial stores and a zero LSTM state, with no warm-up.</summary>
    public void ColdStart(DateOnly firstDay)
    {
        Replace(null, null);
        date = firstDay.AddDays(-1);
    }

    /// <summary>Starts from a state (e.g. read by <see cref="ModelStateFile.Read"/>); the next step is the day after its date.</summary>
    /// <exception cref="ArgumentException">A state of other basins, or a network state of another width.</exception>
    /// <param name="state">The state.</param>
    /// <param name="firstDay">The day the caller means to step first, checked against the state's date: a state starts
    /// the day after its date. Null = not checked.</param>
    public void Start(ModelState state, DateOnly? firstDay = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (firstDay is { } first && state.Date.AddDays(1) != first)
            throw new ArgumentException($"the state is of {state.Date:yyyy-MM-dd}, so it starts a run on {state.Date.AddDays(1):yyyy-MM-dd}, not on {first:yyyy-MM-dd}.");
        if (!state.Basins.SequenceEqual(Basins))
            throw new ArgumentException($"the state is for basins [{string.Join(", ", state.Basins)}], the stepper runs [{string.Join(", ", Basins)}] (same ids, same order).");
        long B = Basins.Count, H = network.StateSize;
        if (H > 0)
        {
            if (state.Network is not { } n)
                throw new ArgumentException("the state has no network state (LSTM h and c); the model's network carries one.");
            foreach (var (name, t) in new[] { ("h", n.H), ("c", n.C) })
                if (t.dim() != 2 || t.shape[0] != B || t.shape[1] != H)
                    throw new ArgumentException($"the state's LSTM {name} is [{string.Join(", ", t.shape)}], the network needs [{B}, {H}].");
        }
        Replace(state.Physics with { Stores = state.Physics.Stores.detach().clone(), RoutingHistory = state.Physics.RoutingHistory?.detach().clone() },
            H > 0 ? new RecurrentState(state.Network!.H.detach().clone(), state.Network.C.detach().clone()) : null);
        date = state.Date;
    }

    /// <summary>
    /// Starts with a warm-up over <paramref name="networkForcings"/> and <paramref name="physicsForcings"/> from a cold
    /// state, as the batch run's warm-up does: a spin-up without gradient, every parameter at its last warm-up day's
    /// value, for models that spin up (<see cref="IPhysicsModel.WarmUpWithoutGradient"/>); otherwise the warm-up days
    /// are stepped and their outputs dropped. The next step is the day after the warm-up.
    /// </summary>
    /// <param name="firstDay">Date of the first warm-up day.</param>
    /// <param name="networkForcings">Normalized network forcings <c>[W, B, nf]</c>.</param>
    /// <param name="physicsForcings">Physics forcings <c>[W, B, F]</c>, physical units.</param>
    public void WarmUp(DateOnly firstDay, Tensor networkForcings, Tensor physicsForcings)
    {
        long W = CheckDays(networkForcings, physicsForcings);
        ColdStart(firstDay);
        if (!model.Physics.WarmUpWithoutGradient)
        {
            for (long t = 0; t < W; t++)
                foreach (var output in Step(networkForcings[t], physicsForcings[t]).Values) output.Dispose();
            return;
        }
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var (raw, next) = network.Continue(NetworkInputOf(networkForcings), null);
            var spun = model.Runner.SpinUp(physicsForcings, raw, null, physicsAttributes);
            Replace(spun, next);
        }
        date = firstDay.AddDays((int)W - 1);
    }

    /// <summary>Runs the day after <see cref="Date"/>.</summary>
    /// <param name="networkForcings">That day's normalized network forcings <c>[B, nf]</c>.</param>
    /// <param name="physicsForcings">That day's physics forcings <c>[B, F]</c>, physical units.</param>
    /// <returns>Every series of the physics for that day, by name, each <c>[B]</c> (routed where the model routes).</returns>
    /// <exception cref="InvalidOperationException">The stepper was not started.</exception>
    public IReadOnlyDictionary<string, Tensor> Step(Tensor networkForcings, Tensor physicsForcings)
    {
        if (date is null) throw new InvalidOperationException("start the stepper first (Start, WarmUp or ColdStart).");
        CheckDays(networkForcings.unsqueeze(0), physicsForcings.unsqueeze(0));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (raw, next) = network.Continue(NetworkInputOf(networkForcings.unsqueeze(0)), networkState);   // [1, B, ny]
        var parameters = model.Mapper.Map(raw, 0, 1);
        var result = model.Physics.Run(new PhysicsInput
        {
            Forcings = physicsForcings.unsqueeze(0), Parameters = parameters.Physical, Routing = parameters.Routing,
            Attributes = physicsAttributes, InitialState = physicsState, SimulationDays = long.MaxValue,
        });
        var outputs = result.Series.ToDictionary(kv => kv.Key, kv => kv.Value[0].MoveToOuterDisposeScope());   // [B]
        Replace(result.FinalState.Detach(), next);
        date = date.Value.AddDays(1);
        return outputs;
    }

    /// <summary>A copy of the state after <see cref="Date"/>, to hand to another run or write with <see cref="ModelStateFile.Write"/>.</summary>
    /// <exception cref="InvalidOperationException">Cold-started and not stepped yet: the initial stores are made by the first step.</exception>
    public ModelState State => date is { } d && physicsState is { } p
        ? new ModelState(d, Basins, new PhysicsState(p.Stores.clone(), p.RoutingHistory?.clone()),
            networkState is { } n ? new RecurrentState(n.H.clone(), n.C.clone()) : null)
        : throw new InvalidOperationException("the stepper has no state yet: start it and, after a cold start, step at least one day.");

    public void Dispose() => Replace(null, null);

    /// <summary>The network input of some days: their forcings with the attributes repeated, <c>[t, B, nf + na]</c> (as <see cref="NetworkInput.Of"/>).</summary>
    Tensor NetworkInputOf(Tensor forcings) =>
        cat([forcings.to(attributes.dtype), attributes.unsqueeze(0).expand(forcings.shape[0], -1, -1)], 2);

    /// <returns>The days of the forcings.</returns>
    long CheckDays(Tensor networkForcings, Tensor physicsForcings)
    {
        long B = Basins.Count, nf = model.Inputs.NetworkForcings.Count, F = model.Physics.Declarations.Forcings.Count;
        if (networkForcings.dim() != 3 || networkForcings.shape[1] != B || networkForcings.shape[2] != nf)
            throw new ArgumentException($"network forcings must be [days, {B}, {nf}] ({string.Join(", ", model.Inputs.NetworkForcings)}), one day [{B}, {nf}]; " +
                                        $"got [{string.Join(", ", networkForcings.shape)}].");
        if (physicsForcings.dim() != 3 || physicsForcings.shape[0] != networkForcings.shape[0] || physicsForcings.shape[1] != B || physicsForcings.shape[2] != F)
            throw new ArgumentException($"physics forcings must be [{networkForcings.shape[0]}, {B}, {F}] ({string.Join(", ", model.Physics.Declarations.Forcings)}); " +
                                        $"got [{string.Join(", ", physicsForcings.shape)}].");
        if (networkForcings.shape[0] < 1) throw new ArgumentException("no days to run.");
        return networkForcings.shape[0];
    }

    /// <summary>Holds <paramref name="physics"/> and <paramref name="recurrent"/> as the state, outside every dispose scope
    /// (a caller's scope must not free what the stepper keeps), and frees the state they replace.</summary>
    void Replace(PhysicsState? physics, RecurrentState? recurrent)
    {
        foreach (var t in new[] { physics?.Stores, physics?.RoutingHistory, recurrent?.H, recurrent?.C }.OfType<Tensor>()) t.DetachFromDisposeScope();
        if (!ReferenceEquals(physicsState, physics)) { physicsState?.Stores.Dispose(); physicsState?.RoutingHistory?.Dispose(); }
        if (!ReferenceEquals(networkState, recurrent)) { networkState?.H.Dispose(); networkState?.C.Dispose(); }
        (physicsState, networkState) = (physics, recurrent);
    }
}
