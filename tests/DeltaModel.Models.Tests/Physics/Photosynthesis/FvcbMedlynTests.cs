using DeltaModel.Models.Physics;
using DeltaModel.Models.Physics.Photosynthesis;
using static DeltaModel.Models.Physics.Photosynthesis.C3LeafEquations;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics.Photosynthesis;

/// <summary>
/// The FvCB–Medlyn leaf model against values worked by hand from the published constants, its light and CO₂ responses,
/// its gradients against finite differences, and its behaviour in the dark and at extreme temperatures.
/// </summary>
public class FvcbMedlynTests
{
    static Tensor T(params double[] v) => tensor(v, dtype: ScalarType.Float64);

    static LeafExchange Leaf(double par, double tleaf, double co2, double vpd, double vcmax25, double g1) =>
        FvcbMedlyn.Evaluate(T(par), T(tleaf), T(co2), T(vpd), T(vcmax25), T(g1));

    static double At(Tensor t, int i = 0) => t.view(-1)[i].item<double>();

    [Fact]
    public void TemperatureResponses_AreOneAt25C_AndVcmaxPeaksBetween30And36C()
    {
        using var scope = NewDisposeScope();
        var k25 = T(ReferenceKelvin);
        Assert.Equal(1.0, At(Arrhenius(k25, KcActivation)), 12);
        Assert.Equal(1.0, At(PeakedArrhenius(k25, VcmaxActivation, VcmaxEntropy)), 12);
        var celsius = arange(0.0, 50.0, 0.1, dtype: ScalarType.Float64);
        var vcmax = PeakedArrhenius(celsius + ZeroCelsius, VcmaxActivation, VcmaxEntropy);
        double peak = At(celsius, (int)vcmax.argmax().item<long>());
        Assert.InRange(peak, 30.0, 36.0);                             // Medlyn et al. 2002: Topt ≈ 32 °C for Hd 200 kJ, ΔS 650
        Assert.True(At(vcmax, 450) < At(vcmax, (int)vcmax.argmax().item<long>()) * 0.8, "Vcmax must fall above its optimum");
    }

    /// <summary>
    /// 25 °C, PAR 1500, Ca 400, VPD 1 kPa, g1 = 7/3 (so Ci = 0.7 Ca = 280), Vcmax25 = 60. By hand from the constants:
    /// Km = 404.9 (1 + 210/278.4) = 710.3; Wc = 60 (280 − 42.75)/(280 + 710.3) = 14.37; Jmax = 100.2,
    /// J = 92.9 (θ 0.7, α 0.3), Wj = J/4 (237.25)/(280 + 85.5) = 15.08; Rd = 0.9. Light-saturated net assimilation of
    /// such a leaf is 10–15 µmol m⁻² s⁻¹ (e.g. Medlyn et al. 2002; Wullschleger 1993's Vcmax–Amax spread).
    /// </summary>
    [Fact]
    public void AtSaturatingLight_25C_CiAt0p7Ca_TheRatesAreThoseWorkedByHand()
    {
        using var scope = NewDisposeScope();
        var leaf = Leaf(1500, 25, 400, 1.0, 60, 7.0 / 3.0);
        Assert.Equal(280.0, At(leaf.Intercellular), 6);
        Assert.Equal(14.37, At(leaf.RubiscoLimited), 2);
        Assert.Equal(92.94, At(leaf.ElectronTransport), 1);
        Assert.Equal(15.08, At(leaf.LightLimited), 2);
        Assert.Equal(0.9, At(leaf.Respiration), 6);
        double a = At(leaf.NetAssimilation);
        Assert.InRange(a, 10.0, 15.0);
        Assert.True(a < 14.37 - 0.9 + 1e-9, "the co-limited rate never exceeds the smaller limitation");
        // gs = 1.6 (1 + g1/√D) A/Ca, and A = gs/1.6 (Ca − Ci): the stomatal model and diffusion agree.
        double gs = At(leaf.StomatalConductance);
        Assert.Equal(a, gs / 1.6 * (400 - 280), 9);
    }

    [Fact]
    public void NetAssimilation_RisesWithLightAndCo2_AndSaturates()
    {
        using var scope = NewDisposeScope();
        var par = arange(0.0, 2001.0, 100.0, dtype: ScalarType.Float64);                     // 21 levels
        var byLight = FvcbMedlyn.Evaluate(par, full_like(par, 25.0), full_like(par, 400.0), full_like(par, 1.0), full_like(par, 60.0), full_like(par, 4.0)).NetAssimilation;
        var dl = byLight[1..] - byLight[..^1];
        Assert.True(dl.gt(0).all().item<bool>(), "A must rise with PAR");
        Assert.True(At(dl, 19) < 0.1 * At(dl, 0), $"A must saturate with light: last step {At(dl, 19):F3} vs first {At(dl, 0):F3}");

        var co2 = arange(100.0, 2001.0, 100.0, dtype: ScalarType.Float64);                   // 20 levels
        var byCo2 = FvcbMedlyn.Evaluate(full_like(co2, 1500.0), full_like(co2, 25.0), co2, full_like(co2, 1.0), full_like(co2, 60.0), full_like(co2, 4.0)).NetAssimilation;
        var dc = byCo2[1..] - byCo2[..^1];
        Assert.True(dc.gt(0).all().item<bool>(), "A must rise with CO2");
        Assert.True(At(dc, 18) < 0.15 * At(dc, 0), $"A must saturate with CO2: last step {At(dc, 18):F3} vs first {At(dc, 0):F3}");

        var vcmax = arange(10.0, 151.0, 10.0, dtype: ScalarType.Float64);
        var byVcmax = FvcbMedlyn.Evaluate(full_like(vcmax, 1500.0), full_like(vcmax, 25.0), full_like(vcmax, 400.0), full_like(vcmax, 1.0), vcmax, full_like(vcmax, 4.0)).NetAssimilation;
        Assert.True((byVcmax[1..] - byVcmax[..^1]).gt(0).all().item<bool>(), "at saturating light A must rise with Vcmax25");
    }

    /// <summary>dA/dVcmax25 and dA/dg1 by autograd against central differences, over light- and Rubisco-limited leaves.</summary>
    [Fact]
    public void Gradients_OfA_WrtVcmax25AndG1_MatchCentralFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        var par = T(50, 300, 1500, 2000, 800);
        var tleaf = T(12, 20, 25, 33, 41);
        var co2 = T(400, 250, 400, 900, 180);
        var vpd = T(0.6, 1.2, 1.0, 2.5, 3.8);
        var vcmax = T(30, 55, 80, 120, 40).requires_grad_();
        var g1 = T(2.0, 3.5, 4.0, 6.0, 1.2).requires_grad_();
        Tensor A(Tensor v, Tensor g) => FvcbMedlyn.Evaluate(par, tleaf, co2, vpd, v, g).NetAssimilation;
        A(vcmax, g1).sum().backward();
        const double h = 1e-6;
        using var noGrad = no_grad();
        var numericV = (A(vcmax + h, g1) - A(vcmax - h, g1)) / (2 * h);
        var numericG = (A(vcmax, g1 + h) - A(vcmax, g1 - h)) / (2 * h);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(At(numericV, i), At(vcmax.grad!, i), 6);
            Assert.Equal(At(numericG, i), At(g1.grad!, i), 6);
        }
        Assert.True(At(vcmax.grad!, 2) > 0 && At(g1.grad!, 2) > 0, "at saturating light more Vcmax and more open stomata both raise A");
    }

    [Fact]
    public void InTheDark_AIsMinusRd_StomataClosed_AndGradientsFinite()
    {
        using var scope = NewDisposeScope();
        var vcmax = T(60).requires_grad_();
        var g1 = T(4).requires_grad_();
        var leaf = FvcbMedlyn.Evaluate(T(0), T(25), T(400), T(1), vcmax, g1);
        Assert.Equal(-0.9, At(leaf.NetAssimilation), 9);
        Assert.Equal(0.0, At(leaf.StomatalConductance));
        leaf.NetAssimilation.sum().backward();
        Assert.True(double.IsFinite(At(vcmax.grad!)) && double.IsFinite(At(g1.grad!)));
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void ExtremeConditions_GiveFiniteValuesAndGradients(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        // Frost, heat, zero and blinding light, no and huge VPD, CO2 below Γ* and far above ambient; parameters at their bounds.
        var par = tensor(new[] { 0.0, 0.0, 3000, 2500, 1e4, 1e-3 }, dtype: dtype);
        var tleaf = tensor(new[] { -40.0, 70, -40, 70, 25, 25 }, dtype: dtype);
        var co2 = tensor(new[] { 20.0, 3000, 20, 3000, 400, 400 }, dtype: dtype);
        var vpd = tensor(new[] { 0.0, 10, 0, 10, 0, 1 }, dtype: dtype);
        var vcmax = tensor(new[] { 5.0, 160, 160, 5, 5, 160 }, dtype: dtype).requires_grad_();
        var g1 = tensor(new[] { 0.5, 9, 9, 0.5, 9, 0.5 }, dtype: dtype).requires_grad_();
        var leaf = FvcbMedlyn.Evaluate(par, tleaf, co2, vpd, vcmax, g1);
        foreach (var (name, t) in new[] { ("A", leaf.NetAssimilation), ("gs", leaf.StomatalConductance), ("ci", leaf.Intercellular), ("J", leaf.ElectronTransport) })
            Assert.True(t.isfinite().all().item<bool>(), $"{name} is not finite: {string.Join(", ", t.to(ScalarType.Float64).data<double>().ToArray())}");
        leaf.NetAssimilation.sum().backward();
        Assert.True(vcmax.grad!.isfinite().all().item<bool>() && g1.grad!.isfinite().all().item<bool>(), "gradients must be finite");
    }

    [Fact]
    public void Run_TakesTheDeclaredForcingsAndParameters_AndReturnsEveryDeclaredSeries()
    {
        using var scope = NewDisposeScope();
        var model = ModelRegistry.CreatePhysics(FvcbMedlyn.RegistryName, new PhysicsOptions { Components = 2 });
        Assert.Equal(["par", "tleaf", "co2", "vpd"], model.Declarations.Forcings);
        Assert.Empty(model.Declarations.RoutingParameters);
        var day = T(1500, 25, 400, 1.0);
        var forcings = day.view(1, 1, 4).expand(3, 2, 4).contiguous();                        // [T=3, B=2, F=4]
        var parameters = new Dictionary<string, Tensor>
        {
            ["Vcmax25"] = full(new long[] { 3, 2, 2 }, 60.0, dtype: ScalarType.Float64),
            ["g1"] = full(new long[] { 3, 2, 2 }, 7.0 / 3.0, dtype: ScalarType.Float64),
        };
        var result = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters });
        Assert.Equal(model.Declarations.OutputNames.Order(), result.Series.Keys.Order());
        Assert.Equal(new long[] { 3, 2 }, result.Series[FvcbMedlyn.NetAssimilation].shape);
        Assert.Equal(At(Leaf(1500, 25, 400, 1.0, 60, 7.0 / 3.0).NetAssimilation), At(result.Series[FvcbMedlyn.NetAssimilation]), 12);
    }
}
