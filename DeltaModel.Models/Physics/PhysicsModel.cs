using DeltaModel.Core.Configuration;
using DeltaModel.Models.Routing;
using TorchSharp;
using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics;

/// <summary>
/// The skeleton every physics model shares. A model is its tables (<see cref="Declarations"/>: forcings, parameters,
/// stores and outputs with units) and its daily step; this class owns the rest, written once:
/// <list type="bullet">
/// <item>validation of the options every model understands (components, backend, ε, dynamic parameters);</item>
/// <item>the run prologue of <see cref="Run"/>: dispose scope, forcing / parameter / store checks, the run's dtype
/// (that of the forcings) and the initial stores (<see cref="InitialStores"/>);</item>
/// <item>the daily loop of a model written as a step (<see cref="RunDays{TDay}"/>), optional gamma-UH routing
/// (<see cref="Route"/>, spec §2.9), the baseflow index (<see cref="BaseflowIndex"/>) and the storage term of the mass
/// budget (<see cref="StorageChange"/>);</item>
/// <item>moving the result out of the run's dispose scope.</item>
/// </list>
/// <para>A model overrides <see cref="Simulate"/>: the daily loop (usually <see cref="RunDays{TDay}"/>, or its own, or
/// a fused kernel) and the assembly of its series and budget. docs/physics-models.md, "Write a new physics model",
/// walks through <see cref="Examples.Template"/>.</para>
/// </summary>
public abstract class PhysicsModel : IPhysicsModel
{
    /// <summary>Initial value of every water store at the start of a run without a given state [mm] (spec §2.1).</summary>
    public const double InitialStore = 0.001;

    /// <summary>The routing parameters' channel count (route_a, route_b).</summary>
    static readonly int RoutingChannels = RoutingParameters.All.Count;

    readonly bool defaultWarmUpWithoutGradient, hasFusedKernel;
    readonly int[] waterStores;

    /// <param name="name">Registry name (messages say it).</param>
    /// <param name="options">Validated here; errors name the option.</param>
    /// <param name="declarations">The model's tables; <see cref="PhysicsDeclarations.RoutingParameters"/> is set here
    /// from <see cref="PhysicsOptions.Routing"/>.</param>
    /// <param name="warmUpWithoutGradient">The model's default warm-up mode (spec §1.3); the option overrides it.</param>
    /// <param name="hasFusedKernel">The model has a fused kernel (HBV's hand-written one, or a step declared as an
    /// <see cref="Scalar.IScalarStep"/> run by <see cref="Scalar.FusedSteps"/>), so backend <c>fused</c> is valid.</param>
    protected PhysicsModel(string name, PhysicsOptions options, PhysicsDeclarations declarations,
        bool warmUpWithoutGradient = true, bool hasFusedKernel = false)
    {
        Name = name;
        Options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(declarations);
        Validate(name, options, declarations.Parameters, hasFusedKernel);
        Declarations = declarations with { RoutingParameters = options.Routing ? RoutingParameters.All : [] };
        defaultWarmUpWithoutGradient = warmUpWithoutGradient;
        this.hasFusedKernel = hasFusedKernel;
        waterStores = [.. declarations.Stores.Select((s, i) => (s, i)).Where(x => x.s.HoldsWater).Select(x => x.i)];
    }

    public string Name { get; }
    public PhysicsOptions Options { get; }
    public PhysicsDeclarations Declarations { get; }
    public bool WarmUpWithoutGradient => Options.WarmUpWithoutGradient ?? defaultWarmUpWithoutGradient;

    /// <summary>Whether backend <c>fused</c> exists for this model (HBV's kernel, or a declared <see cref="Scalar.IScalarStep"/>).</summary>
    public bool HasFusedKernel => hasFusedKernel;

    /// <summary>Checks the input, casts it to the run's dtype, and runs <see cref="Simulate"/> in one dispose scope.</summary>
    public PhysicsResult Run(PhysicsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var (T, B) = CheckForcings(input.Forcings);
        long C = Options.Components;
        CheckProcesses(input.Processes);
        var run = new PhysicsRun(input, T, B, C, CheckParameters(input.Parameters, T, B, C));
        var initial = (input.InitialState?.Stores ?? InitialStores(run)).to(run.Dtype);     // [S, B, C]
        int S = Declarations.Stores.Count;
        if (initial.dim() != 3 || initial.shape[0] != S || initial.shape[1] != B || initial.shape[2] != C)
            throw new ArgumentException($"{Name}: initial stores must be [{S}, {B}, {C}], got [{string.Join(", ", initial.shape)}].");
        run.InitialStores = initial;
        return MoveOut(Simulate(run));
    }

    /// <summary>
    /// The model itself: the daily loop over <paramref name="run"/> and the assembly of series, scalars, final state
    /// and budget. Runs inside <see cref="Run"/>'s dispose scope; what it returns is moved out of it.
    /// </summary>
    protected abstract PhysicsResult Simulate(PhysicsRun run);

    /// <summary>The state at the start of a run without a given one, <c>[S, B, C]</c>; 0.001 mm in every store by default.</summary>
    protected virtual Tensor InitialStores(PhysicsRun run) =>
        full(new long[] { Declarations.Stores.Count, run.B, run.C }, Kept(InitialStore), dtype: run.Dtype, device: run.Forcings.device);

    /// <summary>
    /// The daily loop of a model written as a step: a pure function of one day's parameters, forcings and stores,
    /// in tensor ops on <c>[B, C]</c>. Each day runs in its own dispose scope, so without a tape its temporaries are
    /// freed at its end; with a tape the graph keeps what the backward needs. When no parameter is dynamic,
    /// <paramref name="prepare"/> runs once for the whole run.
    /// <para>Because the step sees nothing but its arguments, a generic fused forward and adjoint can be derived from
    /// it (issue 15); HBV's hand-written kernel (<c>HbvFamily.Fused</c>) is such a pair for one step.</para>
    /// </summary>
    /// <param name="prepare">Derives a day's parameters from the raw ones (each <c>[B, C]</c>, channel order).</param>
    /// <param name="step">Advances the stores by one day.</param>
    /// <returns>Component-mean fluxes then stores <c>[K + S, T, B]</c> (K = the fluxes the step returns) and the final
    /// stores <c>[S, B, C]</c>.</returns>
    protected static (Tensor Records, Tensor Final) RunDays<TDay>(PhysicsRun run, Func<Tensor[], TDay> prepare, DailyStep<TDay> step)
        where TDay : notnull
    {
        var p = run.Daily();
        var forcings = Enumerable.Range(0, (int)run.Forcings.shape[2]).Select(run.ForcingDays).ToArray();   // F × T × [B, 1]
        bool allStatic = p.AllStatic;
        TDay? fixedDay = allStatic ? prepare(p.Day(0)) : default;
        var stores = run.InitialStores.unbind(0);                                                            // S × [B, C]
        var records = new Tensor[run.T];
        for (long t = 0; t < run.T; t++)
        {
            using var day = NewDisposeScope();
            var (next, fluxes) = step(allStatic ? fixedDay! : prepare(p.Day(t)), [.. forcings.Select(f => f[t])], stores);
            records[t] = stack([.. fluxes, .. next]).mean([-1]).MoveToOuterDisposeScope();                    // [K + S, B]
            var previous = stores;
            stores = [.. next.Select(s => s.MoveToOuterDisposeScope())];
            if (t > 0) foreach (var s in previous) s.Dispose();                                              // the graph keeps its own references
        }
        return (stack(records, 1), stack(stores));                                                           // [K + S, T, B], [S, B, C]
    }

    /// <summary>
    /// Whether a run on <paramref name="forcings"/> uses the model's fused kernel: always for backend <c>fused</c> (an
    /// error where it cannot run), where it can run for <c>auto</c> (CPU float32/float64; the tensor path elsewhere,
    /// e.g. on GPU); never for <c>tensor</c>, the autograd reference, or for a model without one.
    /// </summary>
    protected bool UsesFused(Tensor forcings) => hasFusedKernel && (Options.Backend == "fused" || (Options.Backend == "auto" && Scalar.FusedSteps.Supports(forcings)));

    /// <summary>
    /// The fused twin of <see cref="RunDays{TDay}"/> for a model that declares its step once as an
    /// <see cref="Scalar.IScalarStep"/>: the same records and final stores, from one autograd node whose forward and
    /// exact backward are derived from the step (<see cref="Scalar.FusedSteps"/>); the final stores carry no gradient.
    /// </summary>
    /// <param name="forcings">The step's forcings <c>[T, B, F]</c>: the run's, or those with run constants appended.</param>
    protected static (Tensor Records, Tensor Final) RunFusedDays<TStep>(PhysicsRun run, TStep step, Tensor? forcings = null)
        where TStep : struct, Scalar.IScalarStep =>
        Scalar.FusedSteps.Run(step, forcings ?? run.Forcings, run.Parameters, run.InitialStores);

    /// <summary>
    /// Gamma-UH routing of component-mean series (spec §2.9) when <see cref="PhysicsOptions.Routing"/> is on, with the
    /// carried history of <see cref="PhysicsState.RoutingHistory"/>; the identity otherwise (and in a states-only run
    /// without routing parameters).
    /// </summary>
    /// <param name="unrouted">Series to route <c>[T, B, K]</c> [mm/d].</param>
    /// <returns>Routed series <c>[T, B, K]</c>, the history to carry (null without routing) and the unit-hydrograph
    /// weights <c>[B, L]</c> (null when nothing was routed).</returns>
    protected RoutedFlow Route(PhysicsRun run, Tensor unrouted)
    {
        if (!Options.Routing) return new(unrouted, null, null);
        var history = run.Input.InitialState?.RoutingHistory;
        var next = GammaUnitHydrograph.NextHistory(unrouted.detach(), history?.detach());
        if (run.Input.Routing is not { } routing)
        {
            if (run.Input.StatesOnly) return new(unrouted, next, null);
            throw new ArgumentException($"{Name}: routing is on but no routing parameters were given; pass PhysicsInput.Routing [B, 2] or set routing off.");
        }
        if (routing.dim() != 2 || routing.shape[0] != unrouted.shape[1] || routing.shape[1] != RoutingChannels)
            throw new ArgumentException($"{Name}: routing parameters must be [B, 2] (route_a, route_b), got [{string.Join(", ", routing.shape)}].");
        // Cold start as in the original: kernel no longer than the run (spec §2.9); with history, the full length.
        int length = history is null ? (int)Math.Min(GammaUnitHydrograph.DailyLength, run.Input.SimulationDays ?? unrouted.shape[0]) : GammaUnitHydrograph.DailyLength;
        var weights = GammaUnitHydrograph.Weights(routing[.., 0].to(unrouted.dtype), routing[.., 1].to(unrouted.dtype), length);   // [B, L]
        return new(GammaUnitHydrograph.Route(unrouted, weights, history), next, weights);                                       // [T, B, K]
    }

    /// <summary>The four runoff series models with three runoff components route together: total, surface, interflow, baseflow.</summary>
    public static readonly IReadOnlyList<string> RunoffSeries = ["streamflow", "srflow", "ssflow", "gwflow"];

    /// <summary>The series of <see cref="RunoffSeries"/> from three components [mm/d], each <c>[T, B]</c>.</summary>
    /// <returns>Total, surface, interflow, baseflow as <c>[T, B, 4]</c>.</returns>
    protected static Tensor RunoffComponents(Tensor surface, Tensor interflow, Tensor baseflow) =>
        stack([surface.Plus(interflow).Plus(baseflow), surface, interflow, baseflow], -1);                    // [T, B, 4]

    /// <summary>Adds the four <see cref="RunoffSeries"/> of <paramref name="runoff"/> <c>[T, B, 4]</c> to
    /// <paramref name="series"/>, each name followed by <paramref name="suffix"/> (e.g. <c>_no_rout</c>).</summary>
    protected static void AddRunoff(IDictionary<string, Tensor> series, Tensor runoff, string suffix = "")
    {
        var r = runoff.unbind(-1);
        for (int k = 0; k < RunoffSeries.Count; k++) series[RunoffSeries[k] + suffix] = r[k];
    }

    /// <summary>Baseflow index [%] over the run (spec §2.9), ε as in the original: 100 · Σ gwflow / (Σ streamflow + ε).</summary>
    /// <param name="baseflow">Baseflow <c>[T, B]</c> [mm/d].</param>
    /// <param name="streamflow">Streamflow <c>[T, B]</c> [mm/d].</param>
    /// <returns><c>[B]</c>.</returns>
    protected Tensor BaseflowIndex(Tensor baseflow, Tensor streamflow) =>
        baseflow.sum(0L).mul(Kept(100)) / streamflow.sum(0L).Plus(Options.NearZero);

    /// <summary>
    /// Change of the water stores (<see cref="StoreSpec.HoldsWater"/>) over the run, component mean, summed over
    /// stores [mm], float64 without gradient, <c>[B]</c>: the storage term of <see cref="MassBudget"/>.
    /// </summary>
    protected Tensor StorageChange(Tensor initial, Tensor final)
    {
        using (no_grad())
        {
            var change = final.detach().to(ScalarType.Float64) - initial.detach().to(ScalarType.Float64);        // [S, B, C]
            if (waterStores.Length < Declarations.Stores.Count)
                change = change.index_select(0, tensor(waterStores, dtype: ScalarType.Int64, device: change.device));
            return change.sum(0L).mean([-1]);                                                                       // [B]
        }
    }

    /// <summary>
    /// Replaced processes must be ones the model declares, and run on the tensor path: a fused kernel's hand-written
    /// backward cannot call a network.
    /// </summary>
    void CheckProcesses(IReadOnlyDictionary<string, ProcessFunction>? processes)
    {
        if (processes is null || processes.Count == 0) return;
        var declared = Declarations.Processes.Select(p => p.Name).ToList();
        foreach (var name in processes.Keys.Where(n => !declared.Contains(n)))
            throw new ArgumentException(declared.Count == 0
                ? $"{Name} declares no process a network can replace (asked for '{name}')."
                : $"{Name} has no replaceable process '{name}'{Names.DidYouMean(name, declared)}; its processes: {string.Join(", ", declared)}.");
        if (Options.Backend == "fused")
            throw new ArgumentException($"{Name}: backend 'fused' cannot run a process replaced by a network ({string.Join(", ", processes.Keys)}); use backend 'auto' or 'tensor'.");
    }

    /// <summary>Checks the forcing tensor's shape and rejects NaN (the daily loop cannot skip days).</summary>
    (long T, long B) CheckForcings(Tensor forcings)
    {
        var names = Declarations.Forcings;
        if (forcings.dim() != 3 || forcings.shape[2] != names.Count)
            throw new ArgumentException($"{Name}: forcings must be [T, B, {names.Count}] ({string.Join(", ", names)}), got [{string.Join(", ", forcings.shape)}].");
        if (forcings.shape[0] < 1) throw new ArgumentException($"{Name}: the run has no days.");
        using (no_grad())
            if (forcings.isnan().any().item<bool>())
                throw new ArgumentException($"{Name}: forcings contain NaN. The model cannot skip days; fill or interpolate gaps in {string.Join("/", names)} before the run (spec §10.22).");
        return (forcings.shape[0], forcings.shape[1]);
    }

    /// <summary>Checks that every parameter is given, each <c>[T, B, C]</c> (static ones expanded over time).</summary>
    /// <returns>The values in declaration order, cast to the run's dtype.</returns>
    Tensor[] CheckParameters(IReadOnlyDictionary<string, Tensor> values, long T, long B, long C)
    {
        var specs = Declarations.Parameters;
        var missing = specs.Where(p => !values.ContainsKey(p.Name)).Select(p => p.Name).ToList();
        if (missing.Count > 0) throw new ArgumentException($"{Name}: missing parameters {string.Join(", ", missing)}.");
        var given = new Tensor[specs.Count];
        for (int i = 0; i < specs.Count; i++)
        {
            var p = values[specs[i].Name];
            if (p.dim() != 3 || p.shape[0] != T || p.shape[1] != B || p.shape[2] != C)
                throw new ArgumentException($"{Name}: parameter {specs[i].Name} must be [T, B, C] = [{T}, {B}, {C}] (static ones expanded over time), got [{string.Join(", ", p.shape)}].");
            given[i] = p;                                                                        // [T, B, C]
        }
        return given;
    }

    /// <summary>Validates the options every model understands; errors name the option.</summary>
    static void Validate(string name, PhysicsOptions o, IReadOnlyList<ParameterSpec> parameters, bool hasFusedKernel)
    {
        if (o.Components < 1) throw new ArgumentException($"physics option 'nmul' (Components) must be ≥ 1, got {o.Components}.");
        if (hasFusedKernel && o.Backend is not ("auto" or "tensor" or "fused"))
            throw new ArgumentException($"physics option 'backend' must be 'auto', 'tensor' or 'fused', got '{o.Backend}'{Names.DidYouMean(o.Backend, ["auto", "tensor", "fused"])}.");
        if (!hasFusedKernel && o.Backend is "fused")
            throw new ArgumentException($"{name}: physics option 'backend' 'fused' is not available: this model has no fused kernel; use 'auto' or 'tensor'.");
        if (!hasFusedKernel && o.Backend is not ("auto" or "tensor"))
            throw new ArgumentException($"physics option 'backend' must be 'auto' or 'tensor' for {name}, got '{o.Backend}'{Names.DidYouMean(o.Backend, ["auto", "tensor"])}.");
        if (!(o.NearZero > 0)) throw new ArgumentException($"physics option 'near_zero' must be > 0, got {o.NearZero}.");
        var known = parameters.Select(p => p.Name).ToArray();
        foreach (var d in o.DynamicParameters)
        {
            if (RoutingParameters.All.Any(r => r.Name == d))
                throw new ArgumentException($"{name}: routing parameter '{d}' cannot be dynamic (it is one value per basin, spec §1.3).");
            if (!known.Contains(d))
                throw new ArgumentException($"{name}: unknown dynamic parameter '{d}'{Names.DidYouMean(d, known)}; parameters: {string.Join(", ", known)}.");
        }
    }

    /// <summary>Moves every tensor of the result out of the run's dispose scope.</summary>
    internal static PhysicsResult MoveOut(PhysicsResult r)
    {
        foreach (var t in r.Series.Values.Concat(r.Scalars.Values).Distinct()) t.MoveToOuterDisposeScope();
        r.FinalState.MoveToOuterDisposeScope();
        if (r.Budget is { } b)
            foreach (var t in new[] { b.Inputs, b.Outputs, b.StorageChange, b.NumericalGain, b.Exchange }) t?.MoveToOuterDisposeScope();
        return r;
    }
}

/// <summary>One day of a model written as a step (<see cref="PhysicsModel.RunDays{TDay}"/>).</summary>
/// <param name="day">The day's parameters (after the model's derivation).</param>
/// <param name="forcings">The day's forcings in declaration order, each <c>[B, 1]</c>.</param>
/// <param name="stores">Stores at the start of the day in state order, each <c>[B, C]</c>.</param>
/// <returns>Stores at the end of the day and the day's fluxes, each <c>[B, C]</c>.</returns>
public delegate (Tensor[] Stores, Tensor[] Fluxes) DailyStep<in TDay>(TDay day, Tensor[] forcings, Tensor[] stores);

/// <summary>The outcome of <see cref="PhysicsModel.Route"/>.</summary>
/// <param name="Routed">Routed series <c>[T, B, K]</c> (the unrouted ones without routing).</param>
/// <param name="NextHistory">Routing history to carry, or null without routing.</param>
/// <param name="Weights">Unit-hydrograph weights <c>[B, L]</c>, or null when nothing was routed.</param>
public readonly record struct RoutedFlow(Tensor Routed, Tensor? NextHistory, Tensor? Weights);
