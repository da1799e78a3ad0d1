using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.HbvFamily;

/// <summary>
/// HBV-EDU, the educational HBV of AghaKouchak &amp; Habib (2010) as documented by RRMPG (Kratzert), as a
/// differentiable tensor model; registry name <c>hbv_edu</c>. Ten parameters (eleven with the PET correction), stores
/// snow, soil, upper and lower zone; equations and the discharge timing in <see cref="HbvEduEquations"/>.
/// <para>PET: by default the daily <c>pet</c> forcing is used as it is. With <c>options: {pet_correction: true}</c> the
/// model applies HBV-EDU's temperature correction with parameter C: the <c>pet</c> forcing is then the long-term mean
/// PET of the day's month and a fourth forcing <c>tmean_ltm</c> the long-term mean temperature of that month.</para>
/// <para>Optional gamma-UH routing (<see cref="PhysicsOptions.Routing"/>, spec §2.9) of Q, Q0, Q1, Q2, as for HBV
/// (HBV-EDU itself has none; set routing off to reproduce it).</para>
/// <para>Backends: <c>tensor</c> (<see cref="HbvEduEquations"/>, the reference) and <c>fused</c> (the step declared
/// once more as <see cref="HbvEduStep"/>; <c>auto</c> selects it on CPU).</para>
/// </summary>
public sealed class HbvEdu : PhysicsModel
{
    // RRMPG's documented default bounds for HBVEdu.
    public static readonly ParameterSpec Tt = new("T_t", -1, 1, "°C", "threshold temperature for snowfall and melt");
    public static readonly ParameterSpec Dd = new("DD", 3, 7, "mm/°C/d", "degree-day melt factor");
    public static readonly ParameterSpec Fc = new("FC", 100, 200, "mm", "field capacity of the soil");
    public static readonly ParameterSpec Beta = new("Beta", 1, 7, "-", "shape exponent of soil recharge");
    public static readonly ParameterSpec Pwp = new("PWP", 90, 180, "mm", "soil moisture above which AET = PET");
    public static readonly ParameterSpec K0 = new("K_0", 0.05, 0.2, "1/d", "near-surface flow coefficient (above L)");
    public static readonly ParameterSpec K1 = new("K_1", 0.01, 0.1, "1/d", "interflow coefficient");
    public static readonly ParameterSpec K2 = new("K_2", 0.01, 0.05, "1/d", "baseflow coefficient");
    public static readonly ParameterSpec Kp = new("K_p", 0.01, 0.05, "1/d", "percolation coefficient");
    public static readonly ParameterSpec L = new("L", 2, 5, "mm", "upper-zone threshold for near-surface flow");
    public static readonly ParameterSpec C = new("C", 0.01, 0.07, "1/°C", "temperature correction of PET (pet_correction only)");

    /// <summary>Store names, in <see cref="PhysicsState.Stores"/> order [mm]; <c>previous_interflow</c> is yesterday's Q1,
    /// a memory term outside the water balance.</summary>
    public static readonly IReadOnlyList<string> StoreNames = ["snow", "soil", "upper_zone", "lower_zone", "previous_interflow"];

    readonly bool petCorrection;

    /// <param name="options">Components, dynamic parameters, routing; <c>Extra["pet_correction"]</c> = true/false.</param>
    public HbvEdu(PhysicsOptions options) : this(options, PetCorrection(options))
    {
    }

    HbvEdu(PhysicsOptions options, bool petCorrection) : base("hbv_edu", options, new PhysicsDeclarations
    {
        Forcings = petCorrection ? ["prcp", "tmean", "pet", "tmean_ltm"] : ["prcp", "tmean", "pet"],
        Parameters = petCorrection ? [Tt, Dd, Fc, Beta, Pwp, K0, K1, K2, Kp, L, C] : [Tt, Dd, Fc, Beta, Pwp, K0, K1, K2, Kp, L],
        Stores = [.. StoreNames.Take(4).Select(s => new StoreSpec(s, "mm")), new(StoreNames[4], "mm", HoldsWater: false)],
        Outputs =
        [
            .. OutputSpec.All("mm/d", [.. RunoffSeries, "AET_hydro", "PET_hydro"]), new("SWE", "mm"),
            .. OutputSpec.All("mm/d", [.. options.Routing ? RunoffSeries.Select(s => s + "_no_rout") : [], "recharge", "tosoil", "percolation", "melt"]),
            .. OutputSpec.All("mm", ["soil_moisture", "upper_zone", "lower_zone"]),
        ],
        Scalars = [new("BFI", "%")],
    }, hasFusedKernel: true)
    {
        this.petCorrection = petCorrection;
    }

    static bool PetCorrection(PhysicsOptions options)
    {
        var extra = (options ?? throw new ArgumentNullException(nameof(options))).Extra.GetValueOrDefault("pet_correction", "false");
        return bool.TryParse(extra, out var on) ? on
            : throw new ArgumentException($"hbv_edu: option 'pet_correction' must be true or false, got '{extra}'.");
    }

    /// <summary>
    /// Stores equivalent to the original's initial state (snow, soil, S1, S2 before its first day): the zones net of the
    /// Q1, Q2 the original drains on day 1, and that Q1 as the carried interflow. Shape <c>[5, B, C]</c> like the inputs.
    /// </summary>
    public static Tensor StoresFromOriginal(Tensor snow, Tensor soil, Tensor s1, Tensor s2, Tensor k1, Tensor k2) =>
        stack([snow, soil, s1 * k1.RSub(1), s2 * k2.RSub(1), k1 * s1]);

    protected override PhysicsResult Simulate(PhysicsRun run)
    {
        var (records, final) = UsesFused(run.Forcings) ? RunFusedDays(run, new HbvEduStep(petCorrection))
            : RunDays(run, Day, Step);                                                       // [15, T, B], [5, B, C]
        return Assemble(run, records, final);
    }

    HbvEduDayParameters Day(Tensor[] p) =>
        new(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], petCorrection ? p[10] : null);

    /// <param name="f">prcp, tmean, pet (and tmean_ltm with the PET correction), each <c>[B, 1]</c>.</param>
    (Tensor[] Stores, Tensor[] Fluxes) Step(HbvEduDayParameters day, Tensor[] f, Tensor[] s)
    {
        var pet = petCorrection ? HbvEduEquations.CorrectedPet(f[1], f[3], f[2], day.C!) : f[2];
        var (next, fluxes) = HbvEduEquations.Step(day, f[0], f[1], pet, new HbvEduStores(s));
        return (next.ToArray(), fluxes);
    }

    protected override Tensor InitialStores(PhysicsRun run)
    {
        var stores = base.InitialStores(run);                                                // [5, B, C]
        stores[0].zero_();
        stores[4].zero_();
        return stores;
    }

    PhysicsResult Assemble(PhysicsRun run, Tensor fluxes, Tensor final)
    {
        var input = run.Input;
        var f = fluxes.unbind(0);                                                            // 10 fluxes + 5 stores, each [T, B]
        var unrouted = RunoffComponents(f[0], f[1], f[2]);                   // [T, B, 4] mm/d
        var (routed, nextHistory, _) = Route(run, unrouted);
        var series = new Dictionary<string, Tensor>();
        var scalars = new Dictionary<string, Tensor>();
        if (!input.StatesOnly)
        {
            AddRunoff(series, routed);
            if (Options.Routing) AddRunoff(series, unrouted, "_no_rout");
            series["AET_hydro"] = f[3];
            series["SWE"] = f[4];
            series["recharge"] = f[5];
            series["tosoil"] = f[6];
            series["percolation"] = f[7];
            series["melt"] = f[8];
            series["PET_hydro"] = f[9];
            series["soil_moisture"] = f[11];
            series["upper_zone"] = f[12];
            series["lower_zone"] = f[13];
            scalars["BFI"] = BaseflowIndex(series["gwflow"], series["streamflow"]);
        }

        MassBudget budget;
        using (no_grad())
        {
            var d = fluxes.detach().to(ScalarType.Float64);
            budget = new MassBudget(
                Inputs: run.Forcings.detach()[.., .., 0].to(ScalarType.Float64).sum(0L),
                Outputs: d[0].Plus(d[1]).Plus(d[2]).Plus(d[3]).sum(0L),
                // Water stores: snow, soil, upper and lower zone; previous_interflow has already left (it was reported).
                StorageChange: StorageChange(run.InitialStores, final),
                NumericalGain: zeros(run.B, dtype: ScalarType.Float64, device: final.device));
        }
        return new PhysicsResult(series, scalars, new PhysicsState(final, nextHistory), budget);
    }
}
