using TorchSharp;
using static DeltaModel.Core.Tensors.KeptScalars;
using static DeltaModel.Models.Physics.Photosynthesis.C3LeafEquations;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics.Photosynthesis;

/// <summary>
/// C3 leaf photosynthesis coupled with stomatal conductance: the Farquhar–von Caemmerer–Berry (1980) model with
/// peaked-Arrhenius temperature responses of Vcmax and Jmax (Medlyn et al. 2002), Arrhenius responses of Kc, Ko, Γ*
/// and Rd (Bernacchi et al. 2001), electron transport from incident light on a non-rectangular hyperbola, the smooth
/// co-limitation of Rubisco and RuBP regeneration (Collatz et al. 1991), and the intercellular CO₂ of Medlyn et al.
/// (2011)'s optimal stomatal conductance. Each time step (a measurement, or a day at midday) is independent: the model
/// has no stores, and its "daily loop" is one vectorized evaluation over <c>[T, B, C]</c>.
/// <para>Learnable: <see cref="Vcmax25"/> and <see cref="G1"/>; Jmax25 = 1.67 Vcmax25 and Rd25 = 0.015 Vcmax25 follow it.
/// Nothing here is hydrology: the forcings are PAR, leaf temperature, CO₂ and VPD (docs/photosynthesis.md).</para>
/// </summary>
public sealed class FvcbMedlyn : PhysicsModel
{
    /// <summary>The config name (<c>model.physics.name</c>).</summary>
    public const string RegistryName = "fvcb_medlyn";

    /// <summary>Net CO₂ assimilation, the series a twin or flux experiment trains against.</summary>
    public const string NetAssimilation = "A_net";

    /// <summary>Maximum carboxylation rate of Rubisco at 25 °C.</summary>
    public static readonly ParameterSpec Vcmax25 = new("Vcmax25", 5, 160, "umol m-2 s-1", "maximum carboxylation rate of Rubisco at 25 °C");

    /// <summary>Slope of the Medlyn stomatal model.</summary>
    public static readonly ParameterSpec G1 = new("g1", 0.5, 9, "kPa^0.5", "Medlyn stomatal slope: Ci/Ca = ξ/(1+ξ), ξ = g1/√VPD");

    /// <summary>The forcings, in channel order: incident PAR, leaf temperature, ambient CO₂, leaf-to-air VPD.</summary>
    public static readonly IReadOnlyList<string> ForcingNames = ["par", "tleaf", "co2", "vpd"];

    /// <param name="options">The <c>model.physics</c> section: components and dynamic parameters. A leaf routes
    /// nothing: the routing key does not apply and the model runs without routing parameters.</param>
    public FvcbMedlyn(PhysicsOptions options) : base(RegistryName, (options ?? throw new ArgumentNullException(nameof(options))) with { Routing = false },
        new PhysicsDeclarations
        {
            Forcings = ForcingNames,
            Parameters = [Vcmax25, G1],
            Stores = [],
            Outputs =
            [
                new(NetAssimilation, "umol m-2 s-1"), new("gs", "mol m-2 s-1"), new("ci", "umol mol-1"),
                new("Wc", "umol m-2 s-1"), new("Wj", "umol m-2 s-1"), new("Rd", "umol m-2 s-1"),
                new("Vcmax", "umol m-2 s-1"), new("J", "umol m-2 s-1"),
            ],
        })
    {
        // g0 is fixed at 0 (the closed-form Ci, docs/photosynthesis.md); no other switch exists, so none is ignored silently.
        if (options.Extra.Count > 0)
            throw new ArgumentException($"{RegistryName}: physics option(s) {string.Join(", ", options.Extra.Keys.Select(k => $"'{k}'"))} not known; " +
                                        "this model has none (g0 is fixed at 0: docs/photosynthesis.md).");
    }

    protected override PhysicsResult Simulate(PhysicsRun run)
    {
        var forcing = run.Forcings.unsqueeze(-1).unbind(2);                                 // 4 × [T, B, 1]
        var leaf = Evaluate(forcing[0], forcing[1], forcing[2], forcing[3], run.Parameters[0].to(run.Dtype), run.Parameters[1].to(run.Dtype));
        var series = run.Input.StatesOnly ? new Dictionary<string, Tensor>() : new Dictionary<string, Tensor>
        {
            [NetAssimilation] = leaf.NetAssimilation.mean([-1]), ["gs"] = leaf.StomatalConductance.mean([-1]), ["ci"] = leaf.Intercellular.mean([-1]),
            ["Wc"] = leaf.RubiscoLimited.mean([-1]), ["Wj"] = leaf.LightLimited.mean([-1]), ["Rd"] = leaf.Respiration.mean([-1]),
            ["Vcmax"] = leaf.Vcmax.mean([-1]), ["J"] = leaf.ElectronTransport.mean([-1]),
        };
        var none = zeros(new long[] { 0, run.B, run.C }, dtype: run.Dtype, device: run.Forcings.device);   // [0, B, C]: no stores
        return new PhysicsResult(series, new Dictionary<string, Tensor>(), new PhysicsState(none));
    }

    /// <summary>
    /// The leaf at each step, every tensor broadcast to one shape (e.g. <c>[T, B, C]</c>).
    /// </summary>
    /// <param name="par">Incident PAR [µmol m⁻² s⁻¹].</param>
    /// <param name="tleaf">Leaf temperature [°C].</param>
    /// <param name="co2">Ambient CO₂ [µmol mol⁻¹].</param>
    /// <param name="vpd">Leaf-to-air VPD [kPa].</param>
    /// <param name="vcmax25">Vcmax at 25 °C [µmol m⁻² s⁻¹].</param>
    /// <param name="g1">Medlyn slope [kPa^0.5].</param>
    public static LeafExchange Evaluate(Tensor par, Tensor tleaf, Tensor co2, Tensor vpd, Tensor vcmax25, Tensor g1)
    {
        var kelvin = tleaf.Plus(ZeroCelsius);
        var vcmax = vcmax25 * PeakedArrhenius(kelvin, VcmaxActivation, VcmaxEntropy);
        var jmax = vcmax25.mul(Kept(JmaxToVcmax)) * PeakedArrhenius(kelvin, JmaxActivation, JmaxEntropy);
        var rd = vcmax25.mul(Kept(RdToVcmax)) * Arrhenius(kelvin, RdActivation);
        var kc = Arrhenius(kelvin, KcActivation).mul(Kept(Kc25));
        var ko = Arrhenius(kelvin, KoActivation).mul(Kept(Ko25));
        var gammaStar = Arrhenius(kelvin, GammaStarActivation).mul(Kept(GammaStar25));
        var km = kc * (Oxygen / ko).Plus(1.0);                                              // Kc (1 + O/Ko)

        var ci = Intercellular(co2, vpd, g1);
        var drawdown = ci - gammaStar;
        var wc = vcmax * drawdown / (ci + km);                                              // Rubisco-limited gross rate
        var j = ElectronTransport(par, jmax);
        var wj = j.div(Kept(4.0)) * drawdown / (ci + gammaStar.mul(Kept(2.0)));             // RuBP-regeneration-limited gross rate
        var a = CoLimited(wc, wj) - rd;
        return new LeafExchange(a, StomatalConductance(a, co2, vpd, g1), ci, wc, wj, rd, vcmax, j);
    }
}

/// <summary>The state of gas exchange of a leaf (<see cref="FvcbMedlyn.Evaluate"/>), each tensor in the inputs' broadcast shape.</summary>
/// <param name="NetAssimilation">A = smooth min(Wc, Wj) − Rd [µmol m⁻² s⁻¹].</param>
/// <param name="StomatalConductance">gs to water vapour [mol m⁻² s⁻¹].</param>
/// <param name="Intercellular">Ci [µmol mol⁻¹].</param>
/// <param name="RubiscoLimited">Wc, the Rubisco-limited gross rate [µmol m⁻² s⁻¹].</param>
/// <param name="LightLimited">Wj, the RuBP-regeneration-limited gross rate [µmol m⁻² s⁻¹].</param>
/// <param name="Respiration">Rd, day respiration [µmol m⁻² s⁻¹].</param>
/// <param name="Vcmax">Vcmax at leaf temperature [µmol m⁻² s⁻¹].</param>
/// <param name="ElectronTransport">J [µmol m⁻² s⁻¹].</param>
public sealed record LeafExchange(Tensor NetAssimilation, Tensor StomatalConductance, Tensor Intercellular, Tensor RubiscoLimited,
    Tensor LightLimited, Tensor Respiration, Tensor Vcmax, Tensor ElectronTransport);
