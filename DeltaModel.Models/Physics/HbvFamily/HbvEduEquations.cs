using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.HbvFamily;

/// <summary>One day's HBV-EDU parameters, each <c>[B, C]</c> in physical units; <see cref="C"/> only with the PET correction.</summary>
internal readonly record struct HbvEduDayParameters(
    Tensor Tt, Tensor Dd, Tensor Fc, Tensor Beta, Tensor Pwp, Tensor K0, Tensor K1, Tensor K2, Tensor Kp, Tensor L, Tensor? C);

/// <summary>
/// HBV-EDU stores, each <c>[B, C]</c> [mm]: snow, soil, upper and lower zone <b>after</b> the day's release, and the
/// interflow released yesterday (a memory term, not water in the basin; see <see cref="HbvEduEquations"/>).
/// </summary>
internal readonly record struct HbvEduStores(Tensor Snow, Tensor Soil, Tensor UpperZone, Tensor LowerZone, Tensor PreviousInterflow)
{
    /// <summary>The stores from <see cref="HbvEdu"/>'s state order.</summary>
    public HbvEduStores(Tensor[] s) : this(s[0], s[1], s[2], s[3], s[4]) { }

    public Tensor[] ToArray() => [Snow, Soil, UpperZone, LowerZone, PreviousInterflow];
}

/// <summary>
/// One day of HBV-EDU (AghaKouchak &amp; Habib 2010; the educational HBV of RRMPG), written from its documented
/// equations and checked against the authors' MATLAB output (shared/data/rrmpg_reference, hydromodels_jl_samples):
/// <list type="number">
/// <item>Snow: below T_t all precipitation is snow; at or above it rain, and melt = min(DD·(T − T_t), snow).</item>
/// <item>Soil: recharge = (liquid)·(SM/FC)^β with SM at the start of the day; AET = PET·min(SM/PWP, 1), also from the
/// start-of-day SM.</item>
/// <item>Response: the upper zone S1 releases Q0 = K0·max(S1 − L, 0), Q1 = K1·S1 and percolation Kp·S1 to the lower
/// zone S2, which releases Q2 = K2·S2.</item>
/// </list>
/// <para>The original reports, for day t, Q0 from the start-of-day S1 but Q1 and Q2 from the <em>end-of-day</em> S1, S2
/// (which it drains only on day t + 1). Here that discharge leaves on day t, so what is reported is what the stores
/// lose: the upper and lower zones are kept net of the day's Q1 and Q2, and yesterday's Q1 is carried so that today's
/// Q0 and percolation see the same S1 as the original. The states and discharge equal the original's exactly (static
/// parameters), and the water balance closes with dynamic parameters too.</para>
/// <para>Deviations (documented in docs/physics-models.md): the recharge share (SM/FC)^β is capped at 1 (the original's
/// soil store oscillates and goes negative under 300 mm/d storms when SM &gt; FC); AET is capped at the soil water
/// available (a no-op for PET &lt; PWP).</para>
/// <para>Gradients (spec §2.10): the rain/snow split is an indicator (no gradient to T_t through it); <c>clamp_min</c>
/// for max(x, 0); <c>minimum</c> for the melt and AET caps (split on ties); <c>clamp_max</c> for min(SM/PWP, 1).</para>
/// </summary>
internal static class HbvEduEquations
{
    /// <summary>Number of flux channels returned by <see cref="Step"/>.</summary>
    public const int FluxCount = 10;

    /// <summary>
    /// Temperature-corrected PET of HBV-EDU: PE = (1 + C·(T − T_m))·PE_m, limited to [0, 2·PE_m], where T_m and PE_m
    /// are the long-term mean temperature and PET of the day's month.
    /// </summary>
    public static Tensor CorrectedPet(Tensor temp, Tensor monthlyTemp, Tensor monthlyPet, Tensor c) =>
        minimum(((c * (temp - monthlyTemp)).Plus(1) * monthlyPet).clamp_min(Kept(0)), monthlyPet.mul(Kept(2)));

    /// <summary>Advances the stores by one day.</summary>
    /// <param name="p">Parameters of the day.</param>
    /// <param name="prcp">Precipitation [mm/d] <c>[B, 1]</c>.</param>
    /// <param name="temp">Mean air temperature [°C] <c>[B, 1]</c>.</param>
    /// <param name="pet">Potential evapotranspiration [mm/d] <c>[B, 1]</c> or <c>[B, C]</c>.</param>
    /// <param name="s">Stores at the start of the day.</param>
    /// <returns>Stores at the end of the day and the fluxes, each <c>[B, C]</c>: Q0, Q1, Q2, AET, SWE, recharge, liquid
    /// water to the soil, percolation, melt, PET [mm/d or mm].</returns>
    public static (HbvEduStores Stores, Tensor[] Fluxes) Step(in HbvEduDayParameters p, Tensor prcp, Tensor temp, Tensor pet, in HbvEduStores s)
    {
        // Snow.
        var snowfall = prcp * temp.lt(p.Tt);                                       // [B, C] mm/d; indicator: no gradient to T_t
        var rain = prcp - snowfall;
        var melt = minimum((p.Dd * (temp - p.Tt)).clamp_min(Kept(0)), s.Snow);        // mm/d
        var snow = s.Snow.Plus(snowfall) - melt;                                       // mm
        var liquid = rain.Plus(melt);                                                // mm/d

        // Soil, both terms from the start-of-day moisture.
        var share = (s.Soil / p.Fc).pow(p.Beta).clamp_max(Kept(1));                  // Deviation: capped at 1 (see summary)
        var recharge = liquid * share;                                             // mm/d
        var soil1 = s.Soil.Plus(liquid) - recharge;
        var et = minimum(pet * (s.Soil / p.Pwp).clamp_max(Kept(1)), soil1);            // mm/d
        var soil = soil1 - et;

        // Response. The original's S1 at the start of the day = net upper zone + yesterday's interflow.
        var upperStart = s.UpperZone.Plus(s.PreviousInterflow);
        var q0 = p.K0 * (upperStart - p.L).clamp_min(Kept(0));                         // mm/d
        var perc = p.Kp * upperStart;                                              // mm/d
        var upper = s.UpperZone.Plus(recharge) - q0 - perc;                            // the original's end-of-day S1
        var q1 = p.K1 * upper;                                                     // mm/d
        var lower = s.LowerZone.Plus(perc);                                            // the original's end-of-day S2
        var q2 = p.K2 * lower;                                                     // mm/d

        var next = new HbvEduStores(snow, soil, upper - q1, lower - q2, q1);
        Tensor[] fluxes = [q0, q1, q2, et, snow, recharge, liquid.expand_as(q0), perc, melt.expand_as(q0), pet.expand_as(q0)];   // 10 × [B, C]
        return (next, fluxes);
    }
}
