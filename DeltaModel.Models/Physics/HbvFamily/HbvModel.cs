using DeltaModel.Models.Physics.HbvFamily.Fused;
using TorchSharp;
using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.HbvFamily;

/// <summary>
/// What every daily HBV variant shares (spec §2.1–2.5, §2.9, §2.10) on top of <see cref="PhysicsModel"/> (checks,
/// dtype, routing, BFI): the parameter slots, the daily loop (tensor or fused backend), component averaging, output
/// naming and the mass budget. A variant only says
/// which parameters it has and which processes are on (ET exponent, capillary rise, lateral exchange), and may derive
/// kernel inputs from its parameters and attributes (<see cref="DeriveSlots"/>, HBV 2.0); the equations live once, in
/// <see cref="HbvEquations"/> (tensor) and <c>Fused.HbvStep</c> (fused).
/// <para>Backends (<see cref="PhysicsOptions.Backend"/>): <c>tensor</c> is the autograd reference (any device and
/// dtype); <c>fused</c> hands the daily loop to <see cref="HbvFused.Run"/> (CPU, float32/float64; one autograd node,
/// ~60 fewer per day). Outputs and gradients w.r.t. forcings, parameters and initial stores agree to rounding; the
/// fused final stores carry no gradient (the spin-up and crop modes never need one).</para>
/// <para>Routing: the carried <see cref="PhysicsState.RoutingHistory"/> (last 14 days of unrouted Q, Q0, Q1, Q2
/// component means) is detached, like any cached state.</para>
/// </summary>
public abstract partial class HbvModel : PhysicsModel
{
    /// <summary>Store names, in the order of <see cref="PhysicsState.Stores"/> [mm].</summary>
    public static readonly IReadOnlyList<string> StoreNames = ["SNOWPACK", "MELTWATER", "SM", "SUZ", "SLZ"];

    /// <summary>Kernel slots a variant may derive (<see cref="HbvFused.Slots"/>): the threshold temperature and the exchange potential.</summary>
    private protected const int TtSlot = 8, ExchangeSlot = 14;

    readonly bool betaEt, capillary, exchange;

    /// <param name="name">Registry name.</param>
    /// <param name="options">Validated here; errors name the option.</param>
    /// <param name="parameters">Physical parameters in channel order.</param>
    /// <param name="betaEt">ET exponent parBETAET in use (must then be in <paramref name="parameters"/>).</param>
    /// <param name="capillary">Capillary rise with parC (must then be in <paramref name="parameters"/>).</param>
    /// <param name="warmUpWithoutGradient">The variant's default warm-up mode (spec §1.3).</param>
    /// <param name="exchange">Lateral exchange of the lower zone (HBV 2.0): the variant fills the <c>exchange</c> slot
    /// in <see cref="DeriveSlots"/>; the applied exchange becomes an output and a budget term.</param>
    /// <param name="attributes">Static basin attributes the variant reads (<see cref="PhysicsInput.Attributes"/>).</param>
    private protected HbvModel(string name, PhysicsOptions options, IReadOnlyList<ParameterSpec> parameters,
        bool betaEt, bool capillary, bool warmUpWithoutGradient, bool exchange = false, IReadOnlyList<string>? attributes = null)
        : base(name, options, Declare(parameters, capillary, exchange, attributes), warmUpWithoutGradient, hasFusedKernel: true)
    {
        this.betaEt = betaEt;
        this.capillary = capillary;
        this.exchange = exchange;
    }

    static PhysicsDeclarations Declare(IReadOnlyList<ParameterSpec> parameters, bool capillary, bool exchange, IReadOnlyList<string>? attributes) => new()
    {
        Forcings = ["prcp", "tmean", "pet"],
        Attributes = attributes ?? [],
        Parameters = parameters,
        Stores = [.. StoreNames.Select(s => new StoreSpec(s, "mm"))],
        Outputs =
        [
            .. OutputSpec.All("mm/d", [.. RunoffSeries, "AET_hydro", "PET_hydro"]), new("SWE", "mm"),
            .. OutputSpec.All("mm/d", [.. RunoffSeries.Select(s => s + "_no_rout"), "recharge", "excs"]), new("evapfactor", "-"),
            .. OutputSpec.All("mm/d", ["tosoil", "percolation", .. capillary ? new[] { "capillary" } : [], .. exchange ? new[] { "exchange" } : []]),
            .. OutputSpec.All("mm", StoreNames),
        ],
        Scalars = [new("BFI", "%")],
        Processes = HbvProcesses.Declare(parameters),
    };

    protected override PhysicsResult Simulate(PhysicsRun run)
    {
        var slots = ParameterSlots(run);                                                     // 15 × [T, B, C] or null
        DeriveSlots(run.Input, slots, run.T, run.B, run.C);
        // A process replaced by a network runs on the tensor path only (Run has refused backend 'fused' for it).
        var (fluxes, final) = run.Input.Processes is not { Count: > 0 } && UsesFused(run.Forcings)
            ? RunFused(run.Forcings, slots, run.InitialStores)
            : RunTensor(run.Forcings, slots, run.InitialStores, HbvProcesses.From(run.Input.Processes));   // [18, T, B], [5, B, C]
        return Assemble(run, fluxes, final);
    }

    /// <summary>
    /// Hook for variants whose kernel inputs are derived from parameters and attributes (HBV 2.0: the elevation
    /// override of parTT and the exchange potential from parRT, parAC and the basin area). Replaces or fills entries of
    /// <paramref name="slots"/> (<see cref="HbvFused.Slots"/> order), each <c>[T, B, C]</c>; keep stride-0 time axes for
    /// static values so the fused kernel treats them as static.
    /// </summary>
    private protected virtual void DeriveSlots(PhysicsInput input, Tensor?[] slots, long T, long B, long C)
    {
    }

    /// <summary>
    /// Parameters in the fused kernel's slot order (<see cref="HbvFused.Slots"/>); null for those this variant lacks.
    /// Parameters without a slot of their own (HBV 2.0's parRT, parAC) are checked here and used by <see cref="DeriveSlots"/>.
    /// </summary>
    Tensor?[] ParameterSlots(PhysicsRun run)
    {
        var parameters = Declarations.Parameters;
        var slots = new Tensor?[HbvFused.Slots.Count];
        for (int i = 0; i < parameters.Count; i++)
        {
            int slot = IndexOfSlot(parameters[i].Name);
            if (slot >= 0) slots[slot] = run.Parameters[i];                                  // [T, B, C]
        }
        if (betaEt && slots[12] is null) throw new InvalidOperationException("parBETAET is switched on but not among the parameters.");
        if (capillary && slots[13] is null) throw new InvalidOperationException("parC is switched on but not among the parameters.");
        return slots;
    }

    static int IndexOfSlot(string name)
    {
        for (int i = 0; i < HbvFused.Slots.Count; i++)
            if (HbvFused.Slots[i] == name) return i;
        return -1;
    }

    (Tensor Fluxes, Tensor Final) RunFused(Tensor forcings, Tensor?[] slots, Tensor initial)
    {
        if (!HbvFused.Supports(forcings))
            throw new ArgumentException($"{Name}: backend 'fused' runs on CPU float32/float64 tensors, got {forcings.device_type} {forcings.dtype}; use backend 'tensor'.");
        if (exchange && slots[ExchangeSlot] is null) throw new InvalidOperationException($"{Name}: lateral exchange is on but DeriveSlots left the exchange slot empty.");
        return HbvFused.Run(forcings, slots, initial, new HbvFusedOptions(betaEt, capillary, Options.NearZero, exchange));
    }

    /// <summary>Builds series, routing, BFI, budget and state from the component-mean fluxes.</summary>
    PhysicsResult Assemble(PhysicsRun run, Tensor fluxes, Tensor final)
    {
        var (input, forcings) = (run.Input, run.Forcings);
        var f = fluxes.unbind(0);                                                            // 13 fluxes + 5 stores, each [T, B]
        var unrouted = RunoffComponents(f[0], f[1], f[2]);                   // [T, B, 4] mm/d
        var (routed, nextHistory, _) = Route(run, unrouted);                                // [T, B, 4]

        var series = new Dictionary<string, Tensor>();
        var scalars = new Dictionary<string, Tensor>();
        if (!input.StatesOnly)
        {
            AddRunoff(series, routed);
            series["AET_hydro"] = f[3];
            series["PET_hydro"] = forcings[.., .., 2];
            series["SWE"] = f[4];
            AddRunoff(series, unrouted, "_no_rout");
            series["recharge"] = f[5];
            series["excs"] = f[6];
            series["evapfactor"] = f[7];
            series["tosoil"] = f[8];
            series["percolation"] = f[9];
            if (capillary) series["capillary"] = f[10];
            if (exchange) series["exchange"] = f[12];                                       // applied lateral exchange, mm/d, + = gain
            // Stores at the end of each day [mm]: soil moisture, upper and lower zone, snowpack, liquid water in snow.
            for (int k = 0; k < StoreNames.Count; k++) series[StoreNames[k]] = f[HbvEquations.FluxCount + k];
            scalars["BFI"] = BaseflowIndex(series["gwflow"], series["streamflow"]);
        }

        MassBudget budget;
        using (no_grad())
        {
            // Time sums accumulated in float64 without a float64 copy of the [channels, T, B] outputs (0.45 GB at 3000 basins × 1095 days).
            var d = fluxes.detach().sum([1L], type: ScalarType.Float64);                           // [channels, B]
            budget = new MassBudget(
                Inputs: forcings.detach()[.., .., 0].sum([0L], type: ScalarType.Float64),
                Outputs: d[3].Plus(d[0]).Plus(d[1]).Plus(d[2]),
                StorageChange: StorageChange(run.InitialStores, final),
                NumericalGain: d[11],
                Exchange: exchange ? d[12] : null);
        }
        return new PhysicsResult(series, scalars, new PhysicsState(final, nextHistory), budget);
    }
}
