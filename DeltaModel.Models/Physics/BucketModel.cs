using DeltaModel.Core.Configuration;
using DeltaModel.Models.Routing;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics;

/// <summary>
/// What the daily bucket models of the zoo (PRMS, SAC-SMA + Snow-17) share: parameter checks, the daily explicit loop
/// in autograd tensor ops (one dispose scope per day), component averaging, gamma-UH routing of the three runoff
/// components (spec §2.9, parameters <c>route_a</c>/<c>route_b</c> as in HBV), output naming, BFI and the mass budget
/// (spec §10.21). A model says which parameters and stores it has and writes one day (<see cref="Step"/>); derived
/// parameters are computed once per run when no parameter is dynamic (<see cref="Prepare"/>).
/// <para>Every day returns the booked fluxes in the order of <see cref="Booked"/> (surface runoff, interflow,
/// baseflow, actual evaporation, SWE, water input, sink, floor gain), then the model's own diagnostic fluxes
/// (<see cref="ExtraFluxes"/>); the stores are recorded as series too (component mean, end of day).</para>
/// <para>Mass budget: inputs (the model's water input, e.g. precipitation after a snowfall correction) + numerical
/// gain + exchange (−sinks, e.g. PRMS's deep groundwater loss) = evaporation + streamflow + Δ(mass stores) +
/// Δ(water in transit in the unit hydrograph). When the run
/// is routed, the streamflow booked is the <b>routed</b> one and the storage change includes the routing store; a run
/// without routing parameters books the unrouted runoff. Backend: only <c>tensor</c> exists (<c>auto</c> selects it).</para>
/// </summary>
/// <typeparam name="TDay">A day's parameters after derivation (e.g. SAC-SMA's store capacities).</typeparam>
public abstract class BucketModel<TDay> : IPhysicsModel where TDay : notnull
{
    /// <summary>Initial value of every mass store at the start of a run without a given state [mm] (spec §2.1).</summary>
    public const double InitialStore = 0.001;

    /// <summary>Names of the routed series carried in <see cref="PhysicsState.RoutingHistory"/> (last dimension).</summary>
    public static readonly IReadOnlyList<string> RoutedSeries = ["streamflow", "srflow", "ssflow", "gwflow"];

    /// <summary>The fluxes every day books, in the order <see cref="Step"/> returns them (mm/d; SWE in mm).</summary>
    public static readonly IReadOnlyList<string> Booked =
        ["surface_runoff", "interflow", "baseflow", "AET_hydro", "SWE", "water_input", "sink", "floor_gain"];

    /// <summary>Channel indices of <see cref="Booked"/>.</summary>
    protected const int Surface = 0, Interflow = 1, Base = 2, Evaporation = 3, Swe = 4, Input = 5, Sink = 6, FloorGain = 7;

    readonly int[] massStores;

    /// <param name="name">Registry name.</param>
    /// <param name="options">Validated here; errors name the option.</param>
    /// <param name="parameters">Physical parameters in network-channel order.</param>
    /// <param name="stores">Store names in state order.</param>
    /// <param name="massStores">Indices of the stores that hold water [mm] (others, e.g. a heat deficit or a
    /// temperature index, are states but not part of the water balance).</param>
    /// <param name="extraFluxes">Names of the model's own daily fluxes, returned after <see cref="Booked"/>.</param>
    private protected BucketModel(string name, PhysicsOptions options, IReadOnlyList<ParameterSpec> parameters,
        IReadOnlyList<string> stores, IReadOnlyList<int> massStores, IReadOnlyList<string> extraFluxes)
    {
        Name = name;
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Parameters = parameters;
        States = stores;
        this.massStores = [.. massStores];
        ExtraFluxes = extraFluxes;
        Validate();
        DynamicParameters = new HashSet<string>(options.DynamicParameters, StringComparer.Ordinal);
        Outputs = [.. RoutedSeries, "AET_hydro", "PET_hydro", "SWE", .. RoutedSeries.Select(s => s + "_no_rout"),
                   "water_input", "sink", .. extraFluxes, .. stores];
    }

    public string Name { get; }
    public PhysicsOptions Options { get; }
    public int Components => Options.Components;
    public IReadOnlyList<ParameterSpec> Parameters { get; }
    public IReadOnlyList<ParameterSpec> RoutingParameters => Options.Routing ? HbvParameters.Routing : [];
    public IReadOnlySet<string> DynamicParameters { get; }
    public IReadOnlyList<string> Forcings { get; } = ["prcp", "tmean", "pet"];
    public IReadOnlyList<string> Attributes { get; } = [];
    public IReadOnlyList<string> States { get; }
    public IReadOnlyList<string> Outputs { get; }
    public IReadOnlyList<string> ScalarOutputs { get; } = ["BFI"];

    /// <summary>Spin-up without gradient by default (as HBV 1.0); <c>warm_up_states: false</c> switches to crop mode.</summary>
    public bool WarmUpWithoutGradient => Options.WarmUpWithoutGradient ?? true;

    /// <summary>The model's own daily fluxes (after <see cref="Booked"/>).</summary>
    protected IReadOnlyList<string> ExtraFluxes { get; }

    /// <summary>The state at the start of a run without a given one, <c>[S, B, C]</c>; 0.001 mm in every store by default.</summary>
    protected virtual Tensor InitialStores(long B, long C, ScalarType dtype, Device device) =>
        full(new long[] { States.Count, B, C }, InitialStore, dtype: dtype, device: device);

    /// <summary>Derives a day's parameters from the raw ones.</summary>
    /// <param name="p">Parameter values in <see cref="Parameters"/> order, each <c>[B, C]</c>, physical units.</param>
    protected abstract TDay Prepare(Tensor[] p);

    /// <summary>Advances the stores by one day.</summary>
    /// <param name="p">The day's parameters.</param>
    /// <param name="prcp">Precipitation [mm/d] <c>[B, 1]</c>.</param>
    /// <param name="temp">Mean air temperature [°C] <c>[B, 1]</c>.</param>
    /// <param name="pet">Potential evapotranspiration [mm/d] <c>[B, 1]</c>.</param>
    /// <param name="s">Stores at the start of the day, each <c>[B, C]</c>.</param>
    /// <returns>Stores at the end of the day and the day's fluxes (<see cref="Booked"/> then <see cref="ExtraFluxes"/>), each <c>[B, C]</c>.</returns>
    protected abstract (Tensor[] Stores, Tensor[] Fluxes) Step(TDay p, Tensor prcp, Tensor temp, Tensor pet, Tensor[] s);

    /// <summary>Floors <paramref name="store"/> at ε (spec §2.10) and adds the water created to <paramref name="gain"/>.</summary>
    protected Tensor Floor(Tensor store, ref Tensor gain)
    {
        var floored = StepOps.AtLeast(store, Options.NearZero);
        gain = StepOps.Add(gain, StepOps.Sub(floored, store));
        return floored;
    }

    void Validate() => PhysicsModelSupport.Validate(Name, Options, Parameters, hasFusedKernel: false);

    public PhysicsResult Run(PhysicsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var forcings = input.Forcings;                                                       // [T, B, F]
        var (T, B) = PhysicsModelSupport.CheckForcings(Name, forcings, Forcings);
        long C = Components;

        var parameters = PhysicsModelSupport.CheckParameters(Name, Parameters, input.Parameters, T, B, C)
            .Select(t => t.to(forcings.dtype)).ToArray();                                    // each [T, B, C]
        var initial = (input.InitialState?.Stores ?? InitialStores(B, C, forcings.dtype, forcings.device)).to(forcings.dtype);   // [S, B, C]
        PhysicsModelSupport.CheckStores(Name, initial, States.Count, B, C);

        var (records, final) = RunTensor(forcings, parameters, initial);                    // [K+S, T, B], [S, B, C]
        return Detach(Assemble(input, forcings, records, initial, final));
    }

    /// <summary>
    /// The daily loop. Slices are taken once before the loop with <c>unbind</c> (one stack in the backward instead of
    /// T scatters); each day runs in its own dispose scope, so without a tape its temporaries are freed at its end.
    /// </summary>
    /// <returns>Component-mean fluxes and stores <c>[K + S, T, B]</c> and the final stores <c>[S, B, C]</c>.</returns>
    (Tensor Records, Tensor Final) RunTensor(Tensor forcings, Tensor[] parameters, Tensor initial)
    {
        long T = forcings.shape[0];
        var prcp = forcings[.., .., 0].unsqueeze(-1).unbind(0);                              // T × [B, 1] mm/d
        var temp = forcings[.., .., 1].unsqueeze(-1).unbind(0);                              // T × [B, 1] °C
        var pet = forcings[.., .., 2].unsqueeze(-1).unbind(0);                               // T × [B, 1] mm/d
        // Static parameters (stride-0 time axis) are read once; if all are static, derived ones are computed once too.
        var constant = new Tensor?[parameters.Length];
        var daily = new Tensor[]?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].stride(0) == 0 || T == 1) constant[i] = parameters[i][0];     // [B, C]
            else daily[i] = parameters[i].unbind(0);                                         // T × [B, C]
        }
        bool allStatic = daily.All(d => d is null);
        TDay? fixedDay = allStatic ? Prepare([.. constant.Select(c => c!)]) : default;

        var stores = initial.unbind(0);                                                      // S × [B, C]
        var records = new Tensor[T];
        for (int t = 0; t < T; t++)
        {
            using var step = NewDisposeScope();
            var day = allStatic ? fixedDay! : Prepare([.. Enumerable.Range(0, parameters.Length).Select(i => constant[i] ?? daily[i]![t])]);
            var (next, fluxes) = Step(day, prcp[t], temp[t], pet[t], stores);
            records[t] = stack([.. fluxes, .. next]).mean([-1]).MoveToOuterDisposeScope();  // [K+S, B]
            var previous = stores;
            stores = [.. next.Select(s => s.MoveToOuterDisposeScope())];
            if (t > 0) foreach (var s in previous) s.Dispose();                              // the graph keeps its own references
        }
        return (stack(records, 1), stack(stores));                                           // [K+S, T, B], [S, B, C]
    }

    /// <summary>Builds series, routing, BFI, budget and state from the component-mean records.</summary>
    PhysicsResult Assemble(PhysicsInput input, Tensor forcings, Tensor records, Tensor initial, Tensor final)
    {
        var f = records.unbind(0);                                                           // (K+S) × [T, B]
        Tensor q0 = f[Surface], q1 = f[Interflow], q2 = f[Base];
        var unrouted = stack([q0 + q1 + q2, q0, q1, q2], -1);                                // [T, B, 4] mm/d
        var history = input.InitialState?.RoutingHistory;
        Tensor routed = unrouted;
        Tensor? nextHistory = null, weights = null;
        if (Options.Routing)
        {
            nextHistory = GammaUnitHydrograph.NextHistory(unrouted.detach(), history?.detach());
            if (input.Routing is { } routing)
            {
                if (routing.dim() != 2 || routing.shape[0] != unrouted.shape[1] || routing.shape[1] != HbvParameters.Routing.Count)
                    throw new ArgumentException($"{Name}: routing parameters must be [B, 2] (route_a, route_b), got [{string.Join(", ", routing.shape)}].");
                // Cold start as in the original: kernel no longer than the run (spec §2.9); with history, the full length.
                int length = history is null ? (int)Math.Min(GammaUnitHydrograph.DailyLength, unrouted.shape[0]) : GammaUnitHydrograph.DailyLength;
                weights = GammaUnitHydrograph.Weights(routing[.., 0].to(forcings.dtype), routing[.., 1].to(forcings.dtype), length);   // [B, L]
                routed = GammaUnitHydrograph.Route(unrouted, weights, history);              // [T, B, 4]
            }
            else if (!input.StatesOnly)
                throw new ArgumentException($"{Name}: routing is on but no routing parameters were given; pass PhysicsInput.Routing [B, 2] or set routing off.");
        }

        int K = Booked.Count + ExtraFluxes.Count;
        var series = new Dictionary<string, Tensor>();
        var scalars = new Dictionary<string, Tensor>();
        if (!input.StatesOnly)
        {
            var r = routed.unbind(-1);
            var u = unrouted.unbind(-1);
            for (int k = 0; k < RoutedSeries.Count; k++) series[RoutedSeries[k]] = r[k];
            series["AET_hydro"] = f[Evaporation];
            series["PET_hydro"] = forcings[.., .., 2];
            series["SWE"] = f[Swe];
            for (int k = 0; k < RoutedSeries.Count; k++) series[RoutedSeries[k] + "_no_rout"] = u[k];
            series["water_input"] = f[Input];
            series["sink"] = f[Sink];
            for (int k = 0; k < ExtraFluxes.Count; k++) series[ExtraFluxes[k]] = f[Booked.Count + k];
            for (int s = 0; s < States.Count; s++) series[States[s]] = f[K + s];
            // Baseflow index [%] over the run (spec §2.9), ε as in the original.
            scalars["BFI"] = 100 * series["gwflow"].sum(0L) / (series["streamflow"].sum(0L) + Options.NearZero);
        }

        MassBudget budget;
        using (no_grad())
        {
            var d = records.detach().to(ScalarType.Float64);
            var index = tensor(massStores, dtype: ScalarType.Int64, device: final.device);
            var storeChange = (final.detach().to(ScalarType.Float64) - initial.detach().to(ScalarType.Float64))
                .index_select(0, index).sum(0L).mean([-1]);                                  // [B]
            var runoff = routed.detach().to(ScalarType.Float64)[.., .., 0].sum(0L);          // [B]
            if (weights is not null)
            {
                // The unit hydrograph is a store too: water in transit before and after the run.
                var w = weights.detach().to(ScalarType.Float64);
                long L = w.shape[1];
                var after = nextHistory!.to(ScalarType.Float64)[TensorIndex.Slice(nextHistory.shape[0] - (L - 1)), .., TensorIndex.Slice(0, 1)];
                var transitAfter = GammaUnitHydrograph.InTransit(after, w)[.., 0];
                var transitBefore = history is null ? zeros_like(transitAfter)
                    : GammaUnitHydrograph.InTransit(history.detach().to(ScalarType.Float64)[.., .., TensorIndex.Slice(0, 1)], w)[.., 0];
                storeChange = storeChange + transitAfter - transitBefore;
            }
            budget = new MassBudget(
                Inputs: d[Input].sum(0L),
                Outputs: d[Evaporation].sum(0L) + runoff,
                StorageChange: storeChange,
                NumericalGain: d[FloorGain].sum(0L),
                Exchange: -d[Sink].sum(0L));                                                // sinks leave across the boundary
        }
        return new PhysicsResult(series, scalars, new PhysicsState(final, nextHistory), budget);
    }

    /// <summary>Moves every tensor of the result out of the run's dispose scope.</summary>
    static PhysicsResult Detach(PhysicsResult r)
    {
        foreach (var t in r.Series.Values.Concat(r.Scalars.Values)) t.MoveToOuterDisposeScope();
        r.FinalState.Stores.MoveToOuterDisposeScope();
        r.FinalState.RoutingHistory?.MoveToOuterDisposeScope();
        if (r.Budget is { } b)
        {
            foreach (var t in new[] { b.Inputs, b.Outputs, b.StorageChange, b.NumericalGain }) t.MoveToOuterDisposeScope();
            b.Exchange?.MoveToOuterDisposeScope();
        }
        return r;
    }
}
