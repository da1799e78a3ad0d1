using DeltaModel.Models.Routing;
using TorchSharp;
using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.Buckets;

/// <summary>
/// What the daily bucket models of the zoo (PRMS, SAC-SMA + Snow-17) share on top of <see cref="PhysicsModel"/>
/// (checks, dtype, the daily loop <see cref="PhysicsModel.RunDays{TDay}"/>, gamma-UH routing of the three runoff
/// components, spec §2.9): the booked fluxes, output naming, BFI and the mass budget
/// (spec §10.21). A model says which parameters and stores it has and writes one day (<see cref="Step"/>); derived
/// parameters are computed once per run when no parameter is dynamic (<see cref="Prepare"/>).
/// <para>Every day returns the booked fluxes in the order of <see cref="Booked"/> (surface runoff, interflow,
/// baseflow, actual evaporation, SWE, water input, sink, floor gain), then the model's own diagnostic fluxes
/// (<see cref="ExtraFluxes"/>); the stores are recorded as series too (component mean, end of day).</para>
/// <para>Mass budget: inputs (the model's water input, e.g. precipitation after a snowfall correction) + numerical
/// gain + exchange (−sinks, e.g. PRMS's deep groundwater loss) = evaporation + streamflow + Δ(mass stores) +
/// Δ(water in transit in the unit hydrograph). When the run
/// is routed, the streamflow booked is the <b>routed</b> one and the storage change includes the routing store; a run
/// without routing parameters books the unrouted runoff. Backends: <c>tensor</c> (<see cref="Step"/> in autograd ops, the reference) and, for a
/// model that declares its step once more as an <see cref="Scalar.IScalarStep"/>, <c>fused</c> (<see cref="RunFused"/>;
/// <c>auto</c> selects it on CPU).</para>
/// </summary>
/// <typeparam name="TDay">A day's parameters after derivation (e.g. SAC-SMA's store capacities).</typeparam>
public abstract class BucketModel<TDay> : PhysicsModel where TDay : notnull
{

    /// <summary>The fluxes every day books, in the order <see cref="Step"/> returns them (mm/d; SWE in mm).</summary>
    public static readonly IReadOnlyList<string> Booked =
        ["surface_runoff", "interflow", "baseflow", "AET_hydro", "SWE", "water_input", "sink", "floor_gain"];

    /// <summary>Channel indices of <see cref="Booked"/>.</summary>
    protected const int Surface = 0, Interflow = 1, Base = 2, Evaporation = 3, Swe = 4, Input = 5, Sink = 6, FloorGain = 7;

    /// <param name="name">Registry name.</param>
    /// <param name="options">Validated here; errors name the option.</param>
    /// <param name="parameters">Physical parameters in network-channel order.</param>
    /// <param name="stores">Stores in state order; those that do not hold water (a heat deficit, a temperature index)
    /// are states but not part of the water balance.</param>
    /// <param name="extraFluxes">The model's own daily fluxes [mm/d], returned after <see cref="Booked"/>.</param>
    /// <param name="declaresStep">The model also declares its step for the fused backend (<see cref="RunFused"/>).</param>
    private protected BucketModel(string name, PhysicsOptions options, IReadOnlyList<ParameterSpec> parameters,
        IReadOnlyList<StoreSpec> stores, IReadOnlyList<string> extraFluxes, bool declaresStep = false)
        : base(name, options, new PhysicsDeclarations
        {
            Forcings = ["prcp", "tmean", "pet"],
            Parameters = parameters,
            Stores = stores,
            Outputs =
            [
                .. OutputSpec.All("mm/d", [.. RunoffSeries, "AET_hydro", "PET_hydro"]), new("SWE", "mm"),
                .. OutputSpec.All("mm/d", [.. RunoffSeries.Select(s => s + "_no_rout"), "water_input", "sink", .. extraFluxes]),
                .. stores.Select(s => new OutputSpec(s.Name, s.Unit)),
            ],
            Scalars = [new("BFI", "%")],
        }, hasFusedKernel: declaresStep)
    {
        ExtraFluxes = extraFluxes;
    }

    /// <summary>The model's own daily fluxes (after <see cref="Booked"/>).</summary>
    protected IReadOnlyList<string> ExtraFluxes { get; }

    /// <summary>Derives a day's parameters from the raw ones.</summary>
    /// <param name="p">Parameter values in <see cref="PhysicsDeclarations.Parameters"/> order, each <c>[B, C]</c>, physical units.</param>
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
        var floored = store.clamp_min(Kept(Options.NearZero));
        gain = gain.Plus(floored - store);
        return floored;
    }

    /// <summary>
    /// The fused backend: the daily loop of the model's step declared once as an <see cref="Scalar.IScalarStep"/>
    /// (same records and final stores as <see cref="PhysicsModel.RunDays{TDay}"/> over <see cref="Step"/>), usually
    /// one line: <c>RunFusedDays(run, new MyStep(…))</c>. Only called for a model built with <c>declaresStep</c>.
    /// </summary>
    /// <returns>Component-mean fluxes then stores <c>[K + S, T, B]</c> and the final stores <c>[S, B, C]</c>.</returns>
    protected virtual (Tensor Records, Tensor Final) RunFused(PhysicsRun run) =>
        throw new NotSupportedException($"{Name} declares no step for the fused backend.");

    protected override PhysicsResult Simulate(PhysicsRun run)
    {
        var (records, final) = UsesFused(run.Forcings) ? RunFused(run)
            : RunDays(run, Prepare, (day, f, s) => Step(day, f[0], f[1], f[2], s));          // [K+S, T, B], [S, B, C]
        return Assemble(run, records, final);
    }

    /// <summary>Builds series, routing, BFI, budget and state from the component-mean records.</summary>
    PhysicsResult Assemble(PhysicsRun run, Tensor records, Tensor final)
    {
        var (input, forcings) = (run.Input, run.Forcings);
        var f = records.unbind(0);                                                           // (K+S) × [T, B]
        var unrouted = RunoffComponents(f[Surface], f[Interflow], f[Base]);                   // [T, B, 4] mm/d
        var history = input.InitialState?.RoutingHistory;
        var (routed, nextHistory, weights) = Route(run, unrouted);                           // [T, B, 4]

        int K = Booked.Count + ExtraFluxes.Count;
        var series = new Dictionary<string, Tensor>();
        var scalars = new Dictionary<string, Tensor>();
        if (!input.StatesOnly)
        {
            AddRunoff(series, routed);
            series["AET_hydro"] = f[Evaporation];
            series["PET_hydro"] = forcings[.., .., 2];
            series["SWE"] = f[Swe];
            AddRunoff(series, unrouted, "_no_rout");
            series["water_input"] = f[Input];
            series["sink"] = f[Sink];
            for (int k = 0; k < ExtraFluxes.Count; k++) series[ExtraFluxes[k]] = f[Booked.Count + k];
            var stores = Declarations.StoreNames;
            for (int s = 0; s < stores.Count; s++) series[stores[s]] = f[K + s];
            scalars["BFI"] = BaseflowIndex(series["gwflow"], series["streamflow"]);
        }

        MassBudget budget;
        using (no_grad())
        {
            var d = records.detach().to(ScalarType.Float64);
            var storeChange = StorageChange(run.InitialStores, final);                        // [B]
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
}
