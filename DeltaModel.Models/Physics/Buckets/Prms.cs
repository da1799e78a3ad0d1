using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.Buckets;

/// <summary>
/// PRMS (Precipitation-Runoff Modeling System; Leavesley et al. 1983, Markstrom et al. 2015) in the lumped, 18-parameter,
/// 7-store form of MARRMoT model m_45 <c>prms_18p_7s</c> (Knoben et al. 2019), which the Python original carried until
/// January 2025 (spec §2.8). Degree-day snow, interception, an impervious store with depression storage, a
/// contributing-area (saturation-excess) surface runoff, an upper (recharge) and a lower soil zone, a non-linear
/// subsurface reservoir (interflow and drainage) and a groundwater store (baseflow and a deep sink).
/// <para>Daily explicit scheme, sequential operator splitting (HBV's discipline, spec §2.3): each flux is computed from
/// the store as it stands after the previous operation and limited to what the store holds; overflows are
/// "add, then spill"; ε floors (spec §2.10) on the upper and lower soil and the subsurface reservoir, whose ratios and
/// power the gradient needs. Hard thresholds (zero gradient through them): the rain/snow split at <c>tt</c> and the
/// switch of lower-zone transpiration (only when the upper zone holds less than the remaining demand, as in MARRMoT).
/// Deviations from MARRMoT (which integrates the ODEs implicitly with smoothed thresholds): explicit daily splitting,
/// thresholds not smoothed, the two subsurface-reservoir outflows and the two groundwater outflows taken in turn.</para>
/// <para>Runoff components routed by the gamma UH: <c>srflow</c> = impervious overflow + saturation-excess runoff,
/// <c>ssflow</c> = interflow from the subsurface reservoir, <c>gwflow</c> = baseflow. The groundwater sink leaves
/// the basin (booked as exchange, −sink, in the budget). Registry name <c>prms</c>.</para>
/// </summary>
public sealed partial class Prms : BucketModel<Prms.Day>
{
    /// <summary>The parameter table (MARRMoT m_45 ranges, identical to the Python original's, spec §2.8), in channel order.</summary>
    public static readonly IReadOnlyList<ParameterSpec> ParameterTable =
    [
        new("tt", -3, 5, "°C", "temperature threshold for snowfall and melt"),
        new("ddf", 0, 20, "mm/°C/d", "degree-day factor for snowmelt"),
        new("alpha", 0, 1, "-", "fraction of rain on the pervious area that is intercepted"),
        new("beta", 0, 1, "-", "pervious fraction of the basin (rain and melt to the soil)"),
        new("stor", 0, 5, "mm", "maximum interception storage"),
        new("retip", 0, 50, "mm", "maximum impervious-area (depression) storage"),
        new("fscn", 0, 1, "-", "minimum contributing area as a fraction of scx"),
        new("scx", 0, 1, "-", "maximum contributing fraction for saturation-excess runoff"),
        new("flz", 0.005, 0.995, "-", "fraction of the total soil storage in the lower zone"),
        new("stot", 1, 2000, "mm", "total soil moisture storage (upper remx + lower smax)"),
        new("cgw", 0, 20, "mm/d", "maximum drainage of soil excess to groundwater"),
        new("resmax", 1, 300, "mm", "scale of the subsurface reservoir (no overflow)"),
        new("k1", 0, 1, "1/d", "subsurface reservoir → groundwater drainage coefficient"),
        new("k2", 1, 5, "-", "subsurface reservoir drainage non-linearity"),
        new("k3", 0, 1, "1/d", "interflow coefficient, linear term"),
        new("k4", 0, 1, "1/(mm·d)", "interflow coefficient, quadratic term"),
        new("k5", 0, 1, "1/d", "baseflow coefficient"),
        new("k6", 0, 1, "1/d", "groundwater sink coefficient"),
    ];

    /// <summary>Store names (PRMS manual names), in state order, all in mm.</summary>
    public static readonly IReadOnlyList<string> StoreNames = ["SNOW", "XIN", "RSTOR", "RECHR", "SMAV", "RES", "GW"];

    /// <summary>Model-specific daily fluxes [mm/d] after <see cref="BucketModel{TDay}.Booked"/>.</summary>
    public static readonly IReadOnlyList<string> FluxNames =
    [
        "snowfall", "snowmelt", "throughfall", "impervious_runoff", "saturation_excess", "infiltration",
        "interception_evap", "impervious_evap", "upper_soil_evap", "transpiration", "percolation", "soil_excess",
        "groundwater_recharge", "drainage", "groundwater_sink",
    ];

    /// <param name="options">Components, dynamic parameters, routing, …</param>
    public Prms(PhysicsOptions options)
        : base("prms", options, ParameterTable, [.. StoreNames.Select(s => new StoreSpec(s, "mm"))], FluxNames, declaresStep: true)
    {
    }

    /// <summary>One day's parameters with PRMS's derived ones, each <c>[B, C]</c>.</summary>
    public sealed record Day(Tensor[] P, Tensor Scn, Tensor Remx, Tensor Smax);

    protected override Day Prepare(Tensor[] p)
    {
        var scn = p[6] * p[7];                                      // minimum contributing fraction [-]
        var remx = p[8].RSub(1.0) * p[9];                             // upper-zone capacity [mm]
        var smax = p[8] * p[9];                                     // lower-zone capacity [mm]
        return new Day(p, scn, remx, smax);
    }

    // Scalars through KeptScalars (Plus, RSub, Kept): no transient TorchSharp Scalars in the daily loop.
    protected override (Tensor[] Stores, Tensor[] Fluxes) Step(Day d, Tensor prcp, Tensor temp, Tensor pet, Tensor[] s)
    {
        var p = d.P;
        Tensor tt = p[0], ddf = p[1], alpha = p[2], beta = p[3], stor = p[4], retip = p[5], scx = p[7];
        Tensor cgw = p[10], resmax = p[11], k1 = p[12], k2 = p[13], k3 = p[14], k4 = p[15], k5 = p[16], k6 = p[17];
        var gain = zeros_like(tt);                                   // [B, C] mm/d created by ε floors

        // Snow: rain/snow by threshold (indicator, no gradient to tt through it), degree-day melt limited to the pack.
        var snowfall = prcp * temp.le(tt);                           // [B, C] mm/d
        var rain = prcp - snowfall;
        var snow1 = s[0].Plus(snowfall);
        var melt = minimum((ddf * (temp - tt)).clamp_min(Kept(0.0)), snow1);
        var snow = snow1 - melt;                                 // mm

        // Splits: impervious (1 − β) and pervious (β); on the pervious part a fraction α is intercepted.
        var impervious = beta.RSub(1.0);
        var rainImpervious = impervious * rain;
        var rainPervious = beta * rain;
        var intercepted = alpha * rainPervious;
        var bypass = rainPervious - intercepted;

        // Interception store: fill, spill above stor, evaporate at the pervious share of PET.
        var xin1 = s[1].Plus(intercepted);
        var throughfall = (xin1 - stor).clamp_min(Kept(0.0));
        var xin2 = xin1 - throughfall;
        var ein = minimum(beta * pet, xin2);
        var xin = xin2 - ein;

        // Impervious store: rain and melt on the impervious part, spill above retip, evaporate at its share of PET.
        var rstor1 = s[2].Plus(rainImpervious).Plus(impervious * melt);
        var sas = (rstor1 - retip).clamp_min(Kept(0.0));
        var rstor2 = rstor1 - sas;
        var eim = minimum(impervious * pet, rstor2);
        var rstor = rstor2 - eim;

        // Contributing area grows linearly with the upper-zone wetness between scn and scx.
        var toSoil = (beta * melt).Plus(throughfall).Plus(bypass);
        var area = d.Scn.Plus((scx - d.Scn) * s[3] / d.Remx).clamp(Kept(0.0), Kept(1.0));
        var sro = area * toSoil;
        var infiltration = toSoil - sro;

        // Upper (recharge) zone: fill, spill to the lower zone, evaporate in proportion to its wetness.
        var rechr1 = s[3].Plus(infiltration);
        var perc = (rechr1 - d.Remx).clamp_min(Kept(0.0));
        var rechr2 = rechr1 - perc;
        var demand = (pet - ein - eim).clamp_min(Kept(0.0));                   // PET left after interception and impervious ET
        var ea = minimum(rechr2 / d.Remx * demand, rechr2);
        var rechr = Floor(rechr2 - ea, ref gain);

        // Lower zone: fill, spill (excess), transpire only when the upper zone cannot meet the demand (hard switch).
        var smav1 = s[4].Plus(perc);
        var excess = (smav1 - d.Smax).clamp_min(Kept(0.0));
        var smav2 = smav1 - excess;
        var lowerActive = rechr2.lt(demand);
        var tr = minimum(smav2 / d.Smax * (demand - ea).clamp_min(Kept(0.0)), smav2) * lowerActive;
        var smav = Floor(smav2 - tr, ref gain);

        // Excess: up to cgw straight to groundwater, the rest to the subsurface reservoir.
        var seep = minimum(cgw, excess);
        var toRes = excess - seep;

        // Subsurface reservoir: non-linear drainage to groundwater, then interflow (linear + quadratic), in turn.
        var res1 = s[5].Plus(toRes);
        var gad = minimum(k1 * (res1 / resmax).clamp_min(Kept(0.0)).pow(k2), res1);
        var res2 = res1 - gad;
        var ras = minimum((k3 * res2).Plus(k4 * res2 * res2), res2);
        var res = Floor(res2 - ras, ref gain);

        // Groundwater: baseflow, then the deep sink.
        var recharge = gad.Plus(seep);
        var gw1 = s[6].Plus(recharge);
        var bas = k5 * gw1;
        var gw2 = gw1 - bas;
        var snk = k6 * gw2;
        var gw = gw2 - snk;

        var aet = ein.Plus(eim).Plus(ea.Plus(tr));
        Tensor[] fluxes =
        [
            sas.Plus(sro), ras, bas, aet, snow, snowfall.Plus(rain), snk, gain,
            snowfall, melt, throughfall, sas, sro, infiltration, ein, eim, ea, tr, perc, excess, recharge, gad, snk,
        ];
        return ([snow, xin, rstor, rechr, smav, res, gw], fluxes);
    }
}
