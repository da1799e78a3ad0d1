using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.Buckets;

/// <summary>
/// SAC-SMA (Sacramento Soil Moisture Accounting; Burnash et al. 1973, Burnash 1995) in the 11-parameter, 5-store form of
/// MARRMoT model m_33 <c>sacramento_11p_5s</c> (Knoben et al. 2019), driven by Snow-17 (Anderson 2006; see
/// <see cref="Snow17"/>), as in the CAMELS benchmark (Newman et al. 2015). Never present in the Python original
/// (spec §2.8). Stores: upper-zone tension (UZTWC) and free (UZFWC) water, lower-zone tension (LZTWC), primary (LZFPC)
/// and supplemental (LZFSC) free water; the Snow-17 pack (ice, liquid water, heat deficit, ATI).
/// <para>Daily explicit scheme with sequential operator splitting (HBV's discipline, spec §2.3): impervious runoff →
/// upper tension water fills and spills to upper free water → surface runoff above its capacity → evaporation from
/// upper tension, upper free, lower tension water → upper-zone rebalancing (free → tension to equal relative
/// contents) → interflow → percolation (demand <c>pbase·(1 + zperc·defr^(1+rexp))·UZFWC/UZFWM</c>, limited to the
/// upper free water and to the lower-zone deficit) split between free (by deficit) and tension water (spilling to the
/// free stores) → lower-zone rebalancing (free → tension) → primary and supplemental baseflow. ε floors (spec §2.10)
/// on the five soil stores. Hard thresholds (zero gradient through them): Snow-17's rain/snow split only.</para>
/// <para>Deviations from MARRMoT (implicit ODE solution with smoothed thresholds): explicit daily splitting; the
/// rebalancing fluxes move the water that equalizes relative contents in one day (the original SAC-SMA's rule), where
/// MARRMoT's <c>soilmoisture_2</c> uses a different expression; percolation is capped by the total lower-zone deficit
/// (as in the NWS code) so the free stores never overflow; zperc's denominator is floored at 1e-10 mm/d (MARRMoT caps
/// zperc at 1e5 but divides by zero when klzp = klzs = 0).</para>
/// <para>Runoff components routed by the gamma UH: <c>srflow</c> = impervious + surface runoff, <c>ssflow</c> =
/// interflow, <c>gwflow</c> = primary + supplemental baseflow. Registry name <c>sac_sma</c>.</para>
/// </summary>
public sealed partial class SacSma : BucketModel<SacSma.Day>
{
    /// <summary>SAC-SMA parameters (MARRMoT m_33 ranges), after the Snow-17 ones in <see cref="ParameterTable"/>.</summary>
    public static readonly IReadOnlyList<ParameterSpec> SoilParameters =
    [
        new("pctim", 0, 1, "-", "impervious fraction of the basin"),
        new("smax", 1, 2000, "mm", "total soil storage (sum of the five store capacities)"),
        new("f1", 0.005, 0.995, "-", "fraction of smax that is upper-zone tension capacity (UZTWM)"),
        new("f2", 0.005, 0.995, "-", "fraction of smax − UZTWM that is upper-zone free capacity (UZFWM)"),
        new("kuz", 0, 1, "1/d", "interflow coefficient of upper free water"),
        new("rexp", 0, 7, "-", "percolation non-linearity (exponent 1 + rexp)"),
        new("f3", 0.005, 0.995, "-", "fraction of the remaining storage that is lower-zone tension capacity (LZTWM)"),
        new("f4", 0.005, 0.995, "-", "fraction of the remaining storage that is primary free capacity (LZFPM); the rest is LZFSM"),
        new("pfree", 0, 1, "-", "fraction of percolation going directly to the lower free stores"),
        new("klzp", 0, 1, "1/d", "primary baseflow coefficient"),
        new("klzs", 0, 1, "1/d", "supplemental baseflow coefficient"),
    ];

    /// <summary>All parameters in channel order: Snow-17 then SAC-SMA.</summary>
    public static readonly IReadOnlyList<ParameterSpec> ParameterTable = [.. Snow17.ParameterTable, .. SoilParameters];

    /// <summary>Store names in state order; all in mm except HEAT_DEFICIT (mm water equivalent of cold content) and ATI (°C).</summary>
    public static readonly IReadOnlyList<string> StoreNames =
        ["UZTWC", "UZFWC", "LZTWC", "LZFPC", "LZFSC", "SNOW_ICE", "SNOW_LIQUID", "HEAT_DEFICIT", "ATI"];

    /// <summary>Model-specific daily fluxes [mm/d] after <see cref="BucketModel{TDay}.Booked"/>.</summary>
    public static readonly IReadOnlyList<string> FluxNames =
    [
        "rain", "snowfall", "snowmelt", "rain_plus_melt", "impervious_runoff", "surface_runoff", "tension_excess",
        "upper_tension_evap", "upper_free_evap", "lower_tension_evap", "percolation", "primary_baseflow", "supplemental_baseflow",
    ];

    /// <summary>Smallest store capacity [mm] (MARRMoT's 0.005/4).</summary>
    const double MinCapacity = 0.00125;

    /// <summary>Floor of the deficit ratio and the split denominators (keeps x^(1+rexp) and its rexp-derivative finite).</summary>
    const double Tiny = 1e-10;

    /// <param name="options">Components, dynamic parameters, routing, …</param>
    public SacSma(PhysicsOptions options)
        : base("sac_sma", options, ParameterTable,
            [.. StoreNames.Take(7).Select(s => new StoreSpec(s, "mm")), new(StoreNames[7], "mm", HoldsWater: false), new(StoreNames[8], "°C", HoldsWater: false)],
            FluxNames, declaresStep: true)
    {
    }

    /// <summary>One day's parameters with the derived capacities [mm] and percolation constants, each <c>[B, C]</c>.</summary>
    public sealed record Day(Tensor[] P, Tensor Uztwm, Tensor Uzfwm, Tensor Lztwm, Tensor Lzfpm, Tensor Lzfsm, Tensor Pbase, Tensor Zperc);

    protected override Tensor InitialStores(PhysicsRun run)
    {
        // Water stores start at 0.001 mm; the heat deficit and the ATI at 0 (a warm, empty pack).
        var s = base.InitialStores(run);                                                      // [S, B, C]
        s[7].zero_();
        s[8].zero_();
        return s;
    }

    protected override Day Prepare(Tensor[] p)
    {
        const int o = Snow17.Count;
        Tensor smax = p[o + 1], f1 = p[o + 2], f2 = p[o + 3], f3 = p[o + 6], f4 = p[o + 7], klzp = p[o + 9], klzs = p[o + 10];
        var uztwm = f1 * smax;
        var uzfwm = (f2 * (smax - uztwm)).clamp_min(Kept(MinCapacity));
        var lztwm = (f3 * (smax - uztwm - uzfwm)).clamp_min(Kept(MinCapacity));
        var rest = smax - uztwm - uzfwm - lztwm;
        var lzfpm = (f4 * rest).clamp_min(Kept(MinCapacity));
        var lzfsm = (f4.RSub(1.0) * rest).clamp_min(Kept(MinCapacity));
        // Percolation at saturation equals the lower zone's baseflow at capacity (pbase); zperc scales the demand when dry.
        var pbase = (lzfpm * klzp).Plus(lzfsm * klzs);                                          // mm/d
        var zperc = (lztwm.Plus(lzfsm * klzs.RSub(1.0)).Plus(lzfpm * klzp.RSub(1.0)) / pbase.clamp_min(Kept(Tiny))).clamp_max(Kept(1e5));
        return new Day(p, uztwm, uzfwm, lztwm, lzfpm, lzfsm, pbase, zperc);
    }

    // Scalars through KeptScalars (Plus, RSub, Kept): no transient TorchSharp Scalars in the daily loop.
    protected override (Tensor[] Stores, Tensor[] Fluxes) Step(Day d, Tensor prcp, Tensor temp, Tensor pet, Tensor[] s)
    {
        const int o = Snow17.Count;
        var p = d.P;
        Tensor pctim = p[o], kuz = p[o + 4], rexp = p[o + 5], pfree = p[o + 8], klzp = p[o + 9], klzs = p[o + 10];
        var snow = Snow17.Step(p, prcp, temp, s[5], s[6], s[7], s[8]);
        var gain = zeros_like(pctim);                                // [B, C] mm/d created by ε floors
        var raim = snow.Outflow;                                     // rain + melt reaching the ground [mm/d]

        // Impervious area: direct runoff.
        var qdir = pctim * raim;
        var peff = raim - qdir;

        // Upper tension water fills first; its excess goes to upper free water, whose excess is surface runoff.
        var uztw1 = s[0].Plus(peff);
        var twexu = (uztw1 - d.Uztwm).clamp_min(Kept(0.0));
        var uztw2 = uztw1 - twexu;
        var uzfw1 = s[1].Plus(twexu);
        var qsur = (uzfw1 - d.Uzfwm).clamp_min(Kept(0.0));
        var uzfw2 = uzfw1 - qsur;

        // Evaporation: upper tension water in proportion to its wetness, the residual demand from upper free water,
        // what is left from lower tension water in proportion to its wetness.
        var euztw = minimum(pet * uztw2 / d.Uztwm, uztw2);
        var uztw3 = Floor(uztw2 - euztw, ref gain);
        var residual = (pet - euztw).clamp_min(Kept(0.0));
        var euzfw = minimum(residual, uzfw2);
        var uzfw3 = Floor(uzfw2 - euzfw, ref gain);
        var elztw = minimum((residual - euzfw).clamp_min(Kept(0.0)) * s[2] / d.Lztwm, s[2]);
        var lztw1 = Floor(s[2] - elztw, ref gain);

        // Upper-zone rebalancing: free water moves to tension water until their relative contents are equal.
        var ru = ((uzfw3 * d.Uztwm - uztw3 * d.Uzfwm) / d.Uztwm.Plus(d.Uzfwm)).clamp_min(Kept(0.0));
        var uztw = uztw3.Plus(ru);
        var uzfw4 = uzfw3 - ru;

        // Interflow.
        var qint = kuz * uzfw4;
        var uzfw5 = uzfw4 - qint;

        // Percolation: demand grows with the lower zone's relative deficit; limited by upper free water and that deficit.
        var d3 = (d.Lztwm - lztw1).clamp_min(Kept(0.0));
        var d4 = (d.Lzfpm - s[3]).clamp_min(Kept(0.0));
        var d5 = (d.Lzfsm - s[4]).clamp_min(Kept(0.0));
        var freeDeficit = d4.Plus(d5);
        var deficit = d3.Plus(freeDeficit);
        var defr = (deficit / d.Lztwm.Plus(d.Lzfpm).Plus(d.Lzfsm)).clamp(Kept(Tiny), Kept(1.0));
        var demand = d.Pbase * (d.Zperc * defr.pow(rexp.Plus(1.0))).Plus(1.0) * uzfw5 / d.Uzfwm;
        var pc = minimum(minimum(demand, uzfw5), deficit);
        var uzfw = Floor(uzfw5 - pc, ref gain);

        // pfree·pc to the free stores (split by deficit, up to their deficit); the rest to tension water, whose excess
        // spills to the free stores by deficit. pc ≤ total deficit, so nothing overflows.
        var toFree = minimum(pfree * pc, freeDeficit);
        var toPrimary = toFree * d4.Plus(Tiny) / freeDeficit.Plus(2 * Tiny);
        var lzfp1 = s[3].Plus(toPrimary);
        var lzfs1 = s[4].Plus(toFree - toPrimary);
        var lztw2 = lztw1.Plus(pc - toFree);
        var twexl = (lztw2 - d.Lztwm).clamp_min(Kept(0.0));
        var lztw3 = lztw2 - twexl;
        var d4b = (d.Lzfpm - lzfp1).clamp_min(Kept(0.0));
        var d5b = (d.Lzfsm - lzfs1).clamp_min(Kept(0.0));
        var spillPrimary = twexl * d4b.Plus(Tiny) / d4b.Plus(d5b).Plus(2 * Tiny);
        var lzfp2 = lzfp1.Plus(spillPrimary);
        var lzfs2 = lzfs1.Plus(twexl - spillPrimary);

        // Lower-zone rebalancing: free water moves to tension water until their relative contents are equal,
        // taken from the primary and supplemental stores in proportion to their contents.
        var free = lzfp2.Plus(lzfs2);
        var freeMax = d.Lzfpm.Plus(d.Lzfsm);
        var rl = ((d.Lztwm * free - lztw3 * freeMax) / d.Lztwm.Plus(freeMax)).clamp_min(Kept(0.0));
        var rlp = rl * lzfp2 / free.clamp_min(Kept(Tiny));
        var lztw = lztw3.Plus(rl);
        var lzfp3 = lzfp2 - rlp;
        var lzfs3 = lzfs2 - (rl - rlp);

        // Baseflow.
        var qbfp = klzp * lzfp3;
        var qbfs = klzs * lzfs3;
        var lzfp = Floor(lzfp3 - qbfp, ref gain);
        var lzfs = Floor(lzfs3 - qbfs, ref gain);

        var aet = euztw.Plus(euzfw).Plus(elztw);
        var swe = snow.Ice.Plus(snow.Liquid);
        Tensor[] fluxes =
        [
            qdir.Plus(qsur), qint, qbfp.Plus(qbfs), aet, swe, snow.Rain.Plus(snow.Snowfall), zeros_like(pctim), gain,
            snow.Rain, snow.Snowfall, snow.Melt, raim, qdir, qsur, twexu, euztw, euzfw, elztw, pc, qbfp, qbfs,
        ];
        return ([uztw, uzfw, lztw, lzfp, lzfs, snow.Ice, snow.Liquid, snow.Deficit, snow.Ati], fluxes);
    }
}
