using static DeltaModel.Core.Tensors.KeptScalars;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.Photosynthesis;

/// <summary>
/// The equations of C3 leaf photosynthesis used by <see cref="FvcbMedlyn"/>, each a pure tensor function (shapes
/// broadcast; any dtype): temperature responses, electron transport, the two Farquhar–von Caemmerer–Berry (1980)
/// limitations, their co-limitation, and the Medlyn et al. (2011) optimal stomatal conductance. Written from the
/// published equations; constants and their sources are listed in docs/photosynthesis.md.
/// </summary>
public static class C3LeafEquations
{
    /// <summary>Universal gas constant [J mol⁻¹ K⁻¹].</summary>
    public const double GasConstant = 8.314;

    /// <summary>Reference temperature of every "25" rate [K].</summary>
    public const double ReferenceKelvin = 298.15;

    /// <summary>0 °C in kelvin.</summary>
    public const double ZeroCelsius = 273.15;

    /// <summary>Ambient O₂ mole fraction [mmol mol⁻¹].</summary>
    public const double Oxygen = 210.0;

    // Michaelis–Menten constants of Rubisco and the CO₂ compensation point without day respiration at 25 °C, with their
    // activation energies: Bernacchi et al. (2001), Plant Cell Environ. 24, 253–259 (in vivo, tobacco).
    /// <summary>Kc at 25 °C [µmol mol⁻¹].</summary>
    public const double Kc25 = 404.9;
    /// <summary>Activation energy of Kc [J mol⁻¹].</summary>
    public const double KcActivation = 79430;
    /// <summary>Ko at 25 °C [mmol mol⁻¹].</summary>
    public const double Ko25 = 278.4;
    /// <summary>Activation energy of Ko [J mol⁻¹].</summary>
    public const double KoActivation = 36380;
    /// <summary>Γ* at 25 °C [µmol mol⁻¹].</summary>
    public const double GammaStar25 = 42.75;
    /// <summary>Activation energy of Γ* [J mol⁻¹].</summary>
    public const double GammaStarActivation = 37830;

    // Peaked Arrhenius responses of Vcmax and Jmax: Medlyn et al. (2002), Plant Cell Environ. 25, 1167–1179
    // (their across-species values, Hd fixed at 200 kJ mol⁻¹); optimum near 32 °C for Vcmax and 31 °C for Jmax.
    /// <summary>Activation energy of Vcmax [J mol⁻¹].</summary>
    public const double VcmaxActivation = 65330;
    /// <summary>Entropy term of Vcmax [J mol⁻¹ K⁻¹].</summary>
    public const double VcmaxEntropy = 650;
    /// <summary>Activation energy of Jmax [J mol⁻¹].</summary>
    public const double JmaxActivation = 43540;
    /// <summary>Entropy term of Jmax [J mol⁻¹ K⁻¹].</summary>
    public const double JmaxEntropy = 640;
    /// <summary>Deactivation energy of Vcmax and Jmax [J mol⁻¹].</summary>
    public const double Deactivation = 200000;

    /// <summary>Jmax25 / Vcmax25 (Medlyn et al. 2002, their mean ratio at 25 °C).</summary>
    public const double JmaxToVcmax = 1.67;

    /// <summary>Rd25 / Vcmax25 (Collatz et al. 1991, Agric. For. Meteorol. 54, 107–136).</summary>
    public const double RdToVcmax = 0.015;
    /// <summary>Activation energy of Rd [J mol⁻¹] (Bernacchi et al. 2001).</summary>
    public const double RdActivation = 46390;

    /// <summary>Quantum yield of electron transport on incident PAR [mol e⁻ mol⁻¹ photons] (Medlyn et al. 2002).</summary>
    public const double QuantumYield = 0.3;
    /// <summary>Curvature of the light response of electron transport (Medlyn et al. 2002).</summary>
    public const double LightCurvature = 0.7;
    /// <summary>Curvature of the co-limitation of Rubisco and RuBP regeneration (Collatz et al. 1991).</summary>
    public const double CoLimitation = 0.98;

    /// <summary>Smallest vapour-pressure deficit the stomatal model sees [kPa]: g1/√D has no limit as D → 0.</summary>
    public const double MinimumVpd = 0.05;

    /// <summary>Arrhenius factor relative to 25 °C: <c>exp(Ea (T − 298.15) / (298.15 R T))</c>.</summary>
    /// <param name="kelvin">Leaf temperature [K].</param>
    /// <param name="activation">Activation energy Ea [J mol⁻¹].</param>
    public static Tensor Arrhenius(Tensor kelvin, double activation) =>
        exp(kelvin.sub(Kept(ReferenceKelvin)).div(kelvin).mul(Kept(activation / (ReferenceKelvin * GasConstant))));

    /// <summary>
    /// Peaked Arrhenius factor relative to 25 °C (Medlyn et al. 2002, eq. 18):
    /// <c>Arrhenius(T) · (1 + exp((298.15 ΔS − Hd)/(298.15 R))) / (1 + exp((T ΔS − Hd)/(T R)))</c>, the denominators written as
    /// softplus so that no exponential overflows at extreme temperatures.
    /// </summary>
    public static Tensor PeakedArrhenius(Tensor kelvin, double activation, double entropy, double deactivation = Deactivation)
    {
        double atReference = Softplus((ReferenceKelvin * entropy - deactivation) / (ReferenceKelvin * GasConstant));
        var atLeaf = nn.functional.softplus(kelvin.mul(Kept(entropy)).sub(Kept(deactivation)).div(kelvin.mul(Kept(GasConstant))));
        return exp(kelvin.sub(Kept(ReferenceKelvin)).div(kelvin).mul(Kept(activation / (ReferenceKelvin * GasConstant))).Plus(atReference) - atLeaf);
    }

    static double Softplus(double x) => x > 30 ? x : Math.Log(1 + Math.Exp(x));

    /// <summary>
    /// Potential electron transport rate J [µmol m⁻² s⁻¹]: the smaller root of the non-rectangular hyperbola
    /// <c>θ J² − (αI + Jmax) J + αI Jmax = 0</c> (Farquhar &amp; Wong 1984). J = 0 at I = 0 and J → Jmax as I → ∞.
    /// </summary>
    /// <param name="par">Incident PAR I [µmol m⁻² s⁻¹], ≥ 0.</param>
    /// <param name="jmax">Jmax at leaf temperature [µmol m⁻² s⁻¹].</param>
    public static Tensor ElectronTransport(Tensor par, Tensor jmax)
    {
        var absorbed = par.clamp_min(Kept(0.0)).mul(Kept(QuantumYield));
        var sum = absorbed + jmax;
        // (αI + Jmax)² − 4θ αI Jmax ≥ (αI − Jmax)² > 0 unless both are 0: the root has a gradient wherever J does.
        var discriminant = (sum.square() - absorbed.mul(jmax).mul(Kept(4 * LightCurvature))).clamp_min(Kept(1e-12));
        return (sum - discriminant.sqrt()).div(Kept(2 * LightCurvature));
    }

    /// <summary>
    /// The smaller root of <c>θ A² − (Wc + Wj) A + Wc Wj = 0</c>: a smooth minimum of the two limitations (Collatz et al.
    /// 1991's co-limitation), within a few per cent of <c>min(Wc, Wj)</c> near the transition and equal to it far from
    /// it; unlike <c>min</c> both limitations receive gradient near the transition.
    /// </summary>
    public static Tensor CoLimited(Tensor wc, Tensor wj)
    {
        var sum = wc + wj;
        var discriminant = (sum.square() - wc.mul(wj).mul(Kept(4 * CoLimitation))).clamp_min(Kept(1e-12));
        return (sum - discriminant.sqrt()).div(Kept(2 * CoLimitation));
    }

    /// <summary>
    /// Intercellular CO₂ of Medlyn et al. (2011)'s optimal stomatal conductance with g0 = 0: from
    /// <c>gs = 1.6 (1 + g1/√D) A/Ca</c> and <c>A = gs/1.6 · (Ca − Ci)</c>, <c>Ci/Ca = ξ/(1 + ξ)</c> with ξ = g1/√D, whatever A.
    /// </summary>
    /// <param name="co2">Ambient CO₂ Ca [µmol mol⁻¹].</param>
    /// <param name="vpd">Leaf-to-air vapour-pressure deficit D [kPa] (floored at <see cref="MinimumVpd"/>).</param>
    /// <param name="g1">Medlyn slope g1 [kPa^0.5].</param>
    public static Tensor Intercellular(Tensor co2, Tensor vpd, Tensor g1)
    {
        var xi = g1 / vpd.clamp_min(Kept(MinimumVpd)).sqrt();
        return co2 * xi / xi.Plus(1.0);
    }

    /// <summary>Stomatal conductance to water vapour [mol m⁻² s⁻¹], Medlyn et al. (2011) with g0 = 0: <c>1.6 (1 + g1/√D) A/Ca</c>, 0 where A ≤ 0 (closed stomata in the dark).</summary>
    public static Tensor StomatalConductance(Tensor netAssimilation, Tensor co2, Tensor vpd, Tensor g1) =>
        (g1 / vpd.clamp_min(Kept(MinimumVpd)).sqrt()).Plus(1.0).mul(Kept(1.6)) * netAssimilation.clamp_min(Kept(0.0)) / co2;
}
