using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.Buckets;

/// <summary>
/// Snow-17 (Anderson 1973, 2006: "Snow Accumulation and Ablation Model – SNOW-17", NWSRFS user manual) as a daily
/// temperature-index snow model in tensor operations: snowfall correction, antecedent temperature index (ATI), heat
/// deficit (cold content) that refreezes liquid water before any outflow, liquid-water holding capacity and ground
/// melt. One day = four of Anderson's 6-hour intervals: the per-6-h weight TIPM becomes <c>1 − (1 − TIPM)^4</c>;
/// melt factors are given per day.
/// <para>Deviations (documented in <c>docs/physics-models.md</c>): one melt factor <c>mf</c> instead of the seasonal
/// sine between MFMIN and MFMAX (runs carry no calendar; make <c>mf</c> dynamic to let the network learn the
/// season); no rain-on-snow energy-balance melt (UADJ, elevation); no areal depletion curve (the pack covers the
/// basin); the ATI is not reset by heavy new snow; operator-split order: snowfall → melt → ground melt → heat
/// deficit → liquid water → refreezing → outflow.</para>
/// </summary>
internal static partial class Snow17
{
    /// <summary>Snow-17 parameters in channel order (first in <see cref="SacSma.ParameterTable"/>).</summary>
    public static readonly IReadOnlyList<ParameterSpec> ParameterTable =
    [
        new("scf", 0.7, 1.4, "-", "snowfall correction factor (gauge undercatch)"),
        new("pxtemp", -2, 2, "°C", "rain/snow threshold temperature"),
        new("mf", 0.5, 8, "mm/°C/d", "melt factor (Snow-17's MFMIN…MFMAX range, per day)"),
        new("mbase", 0, 1, "°C", "base temperature for melt"),
        new("tipm", 0.01, 1, "-", "antecedent temperature index weight (per 6 h)"),
        new("nmf", 0.2, 2, "mm/°C/d", "negative melt factor (heat deficit change)"),
        new("plwhc", 0.02, 0.3, "-", "liquid water holding capacity of the pack (fraction of ice)"),
        new("daygm", 0, 0.3, "mm/d", "ground melt at the base of the pack"),
    ];

    /// <summary>Number of Snow-17 parameters.</summary>
    public const int Count = 8;

    /// <summary>Latent heat of fusion over the specific heat of ice [°C]: cold content of new snow per mm and °C is 1/160.</summary>
    const double FusionOverHeat = 160;

    /// <summary>The heat deficit may not exceed this fraction of the ice water equivalent (Anderson 2006).</summary>
    const double MaxDeficitRatio = 0.33;

    /// <summary>One day of Snow-17.</summary>
    /// <param name="p">Parameters in <see cref="ParameterTable"/> order, each <c>[B, C]</c> (more may follow).</param>
    /// <param name="prcp">Precipitation [mm/d] <c>[B, 1]</c>.</param>
    /// <param name="temp">Mean air temperature [°C] <c>[B, 1]</c>.</param>
    /// <param name="ice">Ice water equivalent [mm] <c>[B, C]</c>.</param>
    /// <param name="liquid">Liquid water in the pack [mm] <c>[B, C]</c>.</param>
    /// <param name="deficit">Heat deficit [mm water equivalent] <c>[B, C]</c>.</param>
    /// <param name="ati">Antecedent temperature index [°C] <c>[B, C]</c>.</param>
    public static Result Step(Tensor[] p, Tensor prcp, Tensor temp, Tensor ice, Tensor liquid, Tensor deficit, Tensor ati)
    {
        Tensor scf = p[0], pxtemp = p[1], mf = p[2], mbase = p[3], tipm = p[4], nmf = p[5], plwhc = p[6], daygm = p[7];

        // Form of precipitation (indicator: no gradient to pxtemp through it); snowfall corrected by scf.
        // Scalars through KeptScalars (Plus, RSub, Kept): no transient TorchSharp Scalars in the daily loop.
        var isSnow = temp.le(pxtemp);                                // [B, C]
        var rain = prcp * isSnow.logical_not();                      // [B, C] mm/d
        var snowfall = scf * prcp * isSnow;                          // [B, C] mm/d, corrected
        var ice1 = ice.Plus(snowfall);

        // Surface melt by temperature index above mbase, then ground melt, each limited to the ice present.
        var melt = minimum((mf * (temp - mbase)).clamp_min(Kept(0.0)), ice1);
        var ice2 = ice1 - melt;
        var groundMelt = minimum(daygm, ice2);
        var ice3 = ice2 - groundMelt;

        // Heat deficit: new snow brings cold content; the surface gains or loses heat against the ATI; capped at 33 % of the ice.
        var tSurface = temp.clamp_max(Kept(0.0));                              // [B, 1] °C
        var weight = tipm.RSub(1.0).pow(Kept(4.0)).RSub(1.0);                   // daily ATI weight
        var ati1 = ati.Plus(weight * (tSurface - ati)).clamp_max(Kept(0.0)); // °C
        var newSnowCold = (tSurface * snowfall).mul(Kept(1 / FusionOverHeat));
        var deficit1 = (deficit - newSnowCold).Plus(nmf * (ati1 - tSurface)).clamp_min(Kept(0.0));
        var deficit2 = minimum(deficit1, ice3.mul(Kept(MaxDeficitRatio)));

        // Liquid water: melt and rain enter, refreeze against the deficit, the rest above the holding capacity leaves.
        var liquid1 = liquid.Plus(melt).Plus(rain);
        var refreeze = minimum(liquid1, deficit2);
        var liquid2 = liquid1 - refreeze;
        var ice4 = ice3.Plus(refreeze);
        var deficit3 = deficit2 - refreeze;
        var outflow = (liquid2 - plwhc * ice4).clamp_min(Kept(0.0));
        var liquid3 = liquid2 - outflow;

        return new Result(ice4, liquid3, deficit3, ati1, rain, snowfall, melt, outflow.Plus(groundMelt));
    }

    /// <summary>A day's Snow-17 outcome, each <c>[B, C]</c>.</summary>
    /// <param name="Ice">Ice water equivalent at the end of the day [mm].</param>
    /// <param name="Liquid">Liquid water held in the pack [mm].</param>
    /// <param name="Deficit">Heat deficit [mm water equivalent].</param>
    /// <param name="Ati">Antecedent temperature index [°C].</param>
    /// <param name="Rain">Rainfall [mm/d].</param>
    /// <param name="Snowfall">Corrected snowfall [mm/d].</param>
    /// <param name="Melt">Surface melt [mm/d].</param>
    /// <param name="Outflow">Water leaving the pack (rain + melt not held, ground melt) [mm/d].</param>
    public readonly record struct Result(Tensor Ice, Tensor Liquid, Tensor Deficit, Tensor Ati, Tensor Rain, Tensor Snowfall, Tensor Melt, Tensor Outflow);
}
