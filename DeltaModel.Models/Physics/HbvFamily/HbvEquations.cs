using DeltaModel.Core.Tensors;
using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.HbvFamily;

/// <summary>
/// One day's parameter values of an HBV model, each <c>[B, C]</c> in physical units (spec §2.2); unused ones null.
/// <paramref name="Tt"/> is the threshold in effect (HBV 2.0: after the elevation override); <paramref name="Lf"/> is
/// HBV 2.0's lateral exchange potential [mm/d] derived from parRT, parAC and the basin area.
/// </summary>
internal readonly record struct HbvDayParameters(
    Tensor Beta, Tensor Fc, Tensor K0, Tensor K1, Tensor K2, Tensor Lp, Tensor Perc, Tensor Uzl,
    Tensor Tt, Tensor Cfmax, Tensor Cfr, Tensor Cwh, Tensor? BetaEt, Tensor? C, Tensor? Lf = null);

/// <summary>The five HBV stores of every (basin, component), each <c>[B, C]</c> [mm].</summary>
internal readonly record struct HbvStores(Tensor Snowpack, Tensor Meltwater, Tensor SoilMoisture, Tensor UpperZone, Tensor LowerZone)
{
    public Tensor[] ToArray() => [Snowpack, Meltwater, SoilMoisture, UpperZone, LowerZone];
}

/// <summary>
/// One day of HBV 1.0 / 1.1p / 2.0 in autograd tensor operations (spec §2.3–2.5): the reference implementation that the
/// fused kernel (<c>Fused.HbvStep</c>) is tested against. Sequential operator splitting, explicit, Δt = 1 d; the
/// order of operations is part of the model. The ops are chosen for libtorch's gradient conventions (spec §2.10):
/// <c>clamp</c> for <c>max(x, 0)</c>, the ε floors and the [0, 1] clips (gradient passes where the bound is met
/// inclusively), <c>minimum</c> for <c>min(a, b)</c> (gradient split on exact ties), a boolean mask for the
/// rain/snow split (no gradient to TT through it).
/// <para>Numbers enter the ops as <see cref="KeptScalars"/> and tensor sums as <c>Plus</c> (same ops and values as the
/// operators): a Scalar made on the fly can be freed by the GC while libtorch reads it (docs/platform.md).</para>
/// </summary>
internal static class HbvEquations
{
    /// <summary>Number of flux channels returned by <see cref="Step"/> (the fused kernel's channel order).</summary>
    public const int FluxCount = 13;

    /// <summary>Advances the stores by one day.</summary>
    /// <param name="p">Parameters of the day.</param>
    /// <param name="prcp">Precipitation [mm/d] <c>[B, 1]</c>.</param>
    /// <param name="temp">Mean air temperature [°C] <c>[B, 1]</c>.</param>
    /// <param name="pet">Potential evapotranspiration [mm/d] <c>[B, 1]</c>.</param>
    /// <param name="s">Stores at the start of the day.</param>
    /// <param name="zeros">A zero tensor <c>[B, C]</c> (the capillary channel of HBV 1.0).</param>
    /// <param name="one">A scalar 1 of the run's dtype (upper bound of the capillary saturation ratio).</param>
    /// <param name="betaEt">Use parBETAET as ET exponent (else exponent 1).</param>
    /// <param name="capillary">Capillary rise from the lower zone (HBV 1.1p).</param>
    /// <param name="exchange">Lateral exchange of the lower zone with potential <see cref="HbvDayParameters.Lf"/> (HBV 2.0).</param>
    /// <param name="nearZero">ε floor [mm].</param>
    /// <param name="processes">Processes replaced by networks (<see cref="HbvProcesses"/>); default = the equations.</param>
    /// <returns>Stores at the end of the day, and the day's fluxes <c>[13, B, C]</c> in <c>HbvFused.Channels</c> order.</returns>
    public static (HbvStores Stores, Tensor Fluxes) Step(in HbvDayParameters p, Tensor prcp, Tensor temp, Tensor pet,
        in HbvStores s, Tensor zeros, Tensor one, bool betaEt, bool capillary, bool exchange, double nearZero,
        HbvProcesses processes = default)
    {
        // 1–5 Snow.
        var rain = prcp * temp.ge(p.Tt);                              // [B, C] mm/d; indicator: no gradient to TT
        var snow = prcp - rain;                                       // [B, C] mm/d
        var sp1 = s.Snowpack.Plus(snow);
        var melt = minimum((p.Cfmax * (temp - p.Tt)).clamp_min(Kept(0)), sp1);
        var mw1 = s.Meltwater.Plus(melt);
        var sp2 = sp1 - melt;
        var refreeze = minimum((p.Cfr * p.Cfmax * (p.Tt - temp)).clamp_min(Kept(0)), mw1);
        var sp3 = sp2.Plus(refreeze);                                 // mm
        var mw2 = mw1 - refreeze;
        var toSoil = (mw2 - p.Cwh * sp3).clamp_min(Kept(0));          // mm/d
        var mw3 = mw2 - toSoil;                                       // mm

        // 6–8 Soil: recharge uses SM before today's input; SM ≥ ε keeps the power's β-derivative finite.
        var wetness = (s.SoilMoisture / p.Fc).pow(p.Beta).clamp(Kept(0), Kept(1));
        var inflow = rain.Plus(toSoil);
        var recharge = inflow * wetness;                              // mm/d
        var sm1 = s.SoilMoisture.Plus(inflow) - recharge;
        var excess = (sm1 - p.Fc).clamp_min(Kept(0));                 // mm/d
        var sm2 = sm1 - excess;
        Tensor evapFactor;                                            // −
        if (processes.EvapFactor is { } replacedEt)
            evapFactor = replacedEt(HbvProcesses.Inputs(p, prcp, temp, pet, sm2, sp3, mw3, sm2, s.UpperZone, s.LowerZone));   // in [0, 1]
        else
        {
            var ratio = sm2 / (p.Lp * p.Fc);
            evapFactor = (betaEt ? ratio.pow(p.BetaEt!) : ratio).clamp(Kept(0), Kept(1));
        }
        var et = minimum(sm2, pet * evapFactor);                      // mm/d
        var sm3Raw = sm2 - et;
        var sm = sm3Raw.clamp_min(Kept(nearZero));
        var floorGain = sm - sm3Raw;                                  // mm/d created by the floor (budget term)

        // 8b Capillary rise (1.1p) from the lower zone as it was at the end of yesterday.
        var slz = s.LowerZone;
        var cap = zeros;
        if (capillary)
        {
            cap = minimum(slz, p.C! * slz * minimum(sm / p.Fc, one).RSub(1));
            var smRaw = sm.Plus(cap);
            var slzRaw = slz - cap;
            sm = smRaw.clamp_min(Kept(nearZero));
            slz = slzRaw.clamp_min(Kept(nearZero));
            floorGain = floorGain.Plus(sm - smRaw).Plus(slz - slzRaw);
        }

        // 9–12 Response.
        var suz1 = s.UpperZone.Plus(recharge).Plus(excess);
        var perc = processes.Percolation is { } replacedPerc          // mm/d
            ? suz1 * replacedPerc(HbvProcesses.Inputs(p, prcp, temp, pet, suz1, sp3, mw3, sm, suz1, slz))   // share in [0, 1]
            : minimum(suz1, p.Perc);
        var suz2 = suz1 - perc;
        var q0 = p.K0 * (suz2 - p.Uzl).clamp_min(Kept(0));            // mm/d
        var suz3 = suz2 - q0;
        var q1 = p.K1 * suz3;                                         // mm/d
        var slz1 = slz.Plus(perc);
        var slz2 = slz1;
        var applied = zeros;
        if (exchange)
        {
            // HBV 2.0 lateral exchange (spec §2.5): SLZ ← max(SLZ + LF, 0). Deviation (spec §10.21): the exchange actually
            // applied is returned as a flux and booked in the budget; the original drops what the clamp refuses unseen.
            slz2 = slz1.Plus(p.Lf!).clamp_min(Kept(0));
            applied = slz2 - slz1;                                    // mm/d, + = gain
        }
        var q2 = p.K2 * slz2;                                         // mm/d

        var next = new HbvStores(sp3, mw3, sm, suz3 - q1, slz2 - q2);
        var fluxes = stack([q0, q1, q2, et, sp3, recharge, excess, evapFactor, toSoil, perc, cap, floorGain, applied]);  // [13, B, C]
        return (next, fluxes);
    }
}
