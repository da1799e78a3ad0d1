using TorchSharp;
using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.Gr4jFamily;

/// <summary>
/// One day of the CemaNeige degree-day snow module (Valéry, Andréassian &amp; Perrin 2014, J. Hydrol. 517), one
/// elevation layer, in autograd tensor ops. Tensors are <c>[B, C]</c> (forcings <c>[B, 1]</c>).
/// <list type="number">
/// <item>Solid fraction of precipitation from the mean air temperature (USACE formula, the one airGR uses below
/// 1500 m): 1 at T ≤ −1 °C, 0 at T ≥ 3 °C, linear in between.</item>
/// <item>Snowpack G += snowfall; thermal state eTG = min(CTG·eTG + (1 − CTG)·T, 0) [°C].</item>
/// <item>Potential melt, only when the pack is at 0 °C (eTG = 0) and T &gt; Tmelt = 0 °C: min(G, Kf·T).</item>
/// <item>Actual melt = (0.9·min(G/Gthreshold, 1) + 0.1)·potential melt (minimum melt speed 10 %), Gthreshold = 0.9 ×
/// mean annual solid precipitation.</item>
/// </list>
/// Gradients (spec §2.10): the melt-onset condition eTG = 0 is an indicator, so CTG, which acts only through it, gets
/// no gradient (documented in docs/physics-models.md); <c>minimum</c> splits ties; the solid fraction's clip has no
/// parameter.
/// </summary>
internal static class CemaNeigeEquations
{
    /// <summary>Temperature at or below which all precipitation is snow [°C] (USACE).</summary>
    public const double AllSnowBelow = -1.0;

    /// <summary>Temperature at or above which all precipitation is rain [°C] (USACE).</summary>
    public const double AllRainAbove = 3.0;

    /// <summary>Fraction of the potential melt that always melts (Valéry et al. 2014: MinSpeed).</summary>
    public const double MinimumMeltSpeed = 0.1;

    /// <summary>Share of the mean annual solid precipitation that makes the snow cover complete (Gthreshold).</summary>
    public const double ThresholdShare = 0.9;

    /// <summary>Solid fraction of precipitation [-] for mean temperature <paramref name="temp"/> [°C].</summary>
    public static Tensor SolidFraction(Tensor temp) => temp.RSub(AllRainAbove).div(Kept(AllRainAbove - AllSnowBelow)).clamp(Kept(0), Kept(1));

    /// <summary>
    /// Gthreshold [mm] from the run's own forcings: 0.9 × mean annual solid precipitation (Σ solid · 365.25 / T),
    /// floored at <paramref name="floor"/> so snow-free basins do not divide by zero.
    /// </summary>
    /// <param name="prcp">Precipitation <c>[T, B]</c> [mm/d].</param>
    /// <param name="temp">Mean air temperature <c>[T, B]</c> [°C].</param>
    /// <returns><c>[B, 1]</c>.</returns>
    public static Tensor Threshold(Tensor prcp, Tensor temp, double floor)
    {
        using var scope = NewDisposeScope();
        using var perYear = (365.25 / prcp.shape[0]).ToScalar();                    // run-dependent: not a kept constant
        var solidPerYear = (SolidFraction(temp) * prcp).sum(0L).mul(perYear);       // [B] mm/yr
        return solidPerYear.mul(Kept(ThresholdShare)).clamp_min(Kept(floor)).unsqueeze(-1).MoveToOuterDisposeScope();   // [B, 1]
    }

    /// <summary>Advances the snowpack by one day.</summary>
    /// <param name="pack">Snow water equivalent G at the start of the day [mm] <c>[B, C]</c>.</param>
    /// <param name="thermal">Thermal state eTG [°C] <c>[B, C]</c>.</param>
    /// <param name="prcp">Precipitation [mm/d] <c>[B, 1]</c>.</param>
    /// <param name="temp">Mean air temperature [°C] <c>[B, 1]</c>.</param>
    /// <param name="ctg">Thermal-state weighting coefficient [-] <c>[B, C]</c>.</param>
    /// <param name="kf">Degree-day melt factor [mm/°C/d] <c>[B, C]</c>.</param>
    /// <param name="threshold">Gthreshold [mm] <c>[B, 1]</c>.</param>
    /// <returns>New G and eTG; snowfall, melt and liquid water (rain + melt) [mm/d].</returns>
    public static (Tensor Pack, Tensor Thermal, Tensor Snowfall, Tensor Melt, Tensor Liquid) Step(
        Tensor pack, Tensor thermal, Tensor prcp, Tensor temp, Tensor ctg, Tensor kf, Tensor threshold)
    {
        var snowfall = SolidFraction(temp) * prcp;                                 // [B, 1] mm/d
        var rain = prcp - snowfall;
        var g = pack.Plus(snowfall);                                                 // [B, C] mm
        var etg = (ctg * thermal).Plus(ctg.RSub(1) * temp).clamp_max(Kept(0));               // [B, C] °C
        var melting = etg.ge(Kept(0)).logical_and(temp.gt(Kept(0))).to(g.dtype);               // indicator: no gradient (spec §2.10)
        var potential = melting * minimum(g, kf * temp.clamp_min(Kept(0)));              // mm/d
        var cover = (g / threshold).clamp_max(Kept(1));                                // [-]
        var melt = cover.mul(Kept(1 - MinimumMeltSpeed)).Plus(MinimumMeltSpeed) * potential;
        return (g - melt, etg, snowfall.expand_as(g), melt, rain.Plus(melt));
    }
}
