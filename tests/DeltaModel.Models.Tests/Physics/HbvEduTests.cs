using DeltaModel.Models.Physics;
using DeltaModel.Models.Physics.HbvFamily;
using TorchSharp;
using Xunit.Abstractions;
using static DeltaModel.Models.Tests.Physics.ZooReferenceData;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics;

/// <summary>HBV-EDU: parity with the authors' MATLAB run, water balance, gradients, robustness, HybridModel.</summary>
[Collection("PhysicsZoo")]
public class HbvEduTests(ITestOutputHelper log)
{
    static readonly Dictionary<string, double> ReferenceParameters = new()
    {
        ["T_t"] = 0, ["DD"] = 4.25, ["FC"] = 177.1, ["Beta"] = 2.35, ["C"] = 0.02, ["PWP"] = 105.89,
        ["K_0"] = 0.05, ["K_1"] = 0.03, ["K_2"] = 0.02, ["K_p"] = 0.05, ["L"] = 4.87,
    };

    static HbvEdu Model(bool petCorrection, int components = 1, bool routing = false, params string[] dynamic) => new(new PhysicsOptions
    {
        Components = components, Routing = routing, DynamicParameters = dynamic, Backend = "tensor",
        Extra = new Dictionary<string, string> { ["pet_correction"] = petCorrection ? "true" : "false" },
    });

    [Fact]
    public void HbvEdu_MatchesMatlabReference_DischargeAndStates()
    {
        using var scope = NewDisposeScope();
        var rows = Rows("hydromodels_jl_samples/data/hbv_edu/hbv_sample.csv", ',');          // row 0 = initial state
        var monthly = Rows("rrmpg_reference/test/data/hbv_monthly_inputs.txt", ' ', header: false)
            .Select(r => r.Where(x => x.Length > 0).Select(D).ToArray()).ToArray();          // T_m, −, PE_m
        var matlab = Rows("rrmpg_reference/test/data/hbv_qsim.csv", ',', header: false).Select(r => D(r[0])).ToArray();   // m³/s
        var days = rows.Skip(1).ToList();
        long T = days.Count;
        var forcings = tensor(days.SelectMany(r =>
        {
            int m = int.Parse(r[1]) - 1;
            return new[] { D(r[3]), D(r[2]), monthly[m][2], monthly[m][0] };                 // prcp, tmean, PE_m, T_m
        }).ToArray(), dtype: ScalarType.Float64).view(T, 1, 4);
        var model = Model(petCorrection: true);
        var parameters = Static(model, T, ReferenceParameters);
        double D0(int column) => D(rows[0][column]);
        var k1 = tensor(0.03, dtype: ScalarType.Float64);
        var k2 = tensor(0.02, dtype: ScalarType.Float64);
        var initial = HbvEdu.StoresFromOriginal(tensor(D0(6)), tensor(D0(7)), tensor(D0(8)), tensor(D0(9)), k1, k2).to(ScalarType.Float64).view(5, 1, 1);
        var result = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, InitialState = new PhysicsState(initial) });

        double MaxDiff(string series, int column) =>
            (result.Series[series][.., 0] - tensor(days.Select(r => D(r[column])).ToArray(), dtype: ScalarType.Float64)).abs().max().item<double>();
        double q = MaxDiff("streamflow", 5), pet = MaxDiff("PET_hydro", 4), swe = MaxDiff("SWE", 6), soil = MaxDiff("soil_moisture", 7);
        var qm3 = result.Series["streamflow"][.., 0] * (410 * 1000 / 86400.0);
        double qMatlab = (qm3 - tensor(matlab.Skip(1).ToArray(), dtype: ScalarType.Float64)).abs().max().item<double>();
        // The original's S1, S2 are our end-of-day zones plus the day's Q1, Q2.
        double s1 = (result.Series["upper_zone"][.., 0] + result.Series["ssflow"][.., 0] - tensor(days.Select(r => D(r[8])).ToArray(), dtype: ScalarType.Float64)).abs().max().item<double>();
        double s2 = (result.Series["lower_zone"][.., 0] + result.Series["gwflow"][.., 0] - tensor(days.Select(r => D(r[9])).ToArray(), dtype: ScalarType.Float64)).abs().max().item<double>();
        log.WriteLine($"HBV-EDU vs reference ({T} d): |ΔQ| {q:E2} mm/d, vs MATLAB {qMatlab:E2} m³/s; |ΔPET| {pet:E2}, |ΔSWE| {swe:E2}, |Δsoil| {soil:E2}, |ΔS1| {s1:E2}, |ΔS2| {s2:E2} mm");
        Assert.True(q <= 1e-10 && pet <= 1e-12 && swe <= 1e-10 && soil <= 1e-10 && s1 <= 1e-10 && s2 <= 1e-10);
        Assert.True(qMatlab <= 1e-9, $"vs MATLAB {qMatlab:E2} m³/s (file carries 11 decimals)");
        Assert.True(Math.Abs(result.Budget!.Residual.item<double>()) <= 1e-9, $"residual {result.Budget.Residual.item<double>():E2}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_ClosesWaterBalance_OverElevenAlpineYears(bool routing)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = Model(petCorrection: false, components: 4, routing, "Beta", "K_1", "K_2");
        var durance = Durance();
        long T = durance.shape[0];
        var forcings = For(model, durance.expand(T, 3, 3));
        var (_, parameters) = Random(model, T, 3, new Generator(5), lo: 0, hi: 1);
        var result = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing ? full(3, 2, 1.0, dtype: ScalarType.Float64) : null });
        var b = result.Budget!;
        double residual = b.Residual.abs().max().item<double>();
        log.WriteLine($"hbv_edu: P {b.Inputs[0].item<double>():F0} mm, AET+Q {b.Outputs[0].item<double>():F0}, ΔS {b.StorageChange[0].item<double>():F2}; max |residual| {residual:E2} mm");
        Assert.True(residual <= 1e-4, $"residual {residual:E2} mm");
        Assert.True(result.Series["SWE"].max().item<double>() > 50);
        Assert.True(result.FinalState.Stores.min().item<double>() >= 0);
        foreach (var (k, v) in result.Series) Assert.True(v.isfinite().all().item<bool>(), k);
    }

    [Fact]
    public void Tensor_GradientsMatchFiniteDifferences_EveryParameter_Float64()
    {
        using var scope = NewDisposeScope();
        var model = Model(petCorrection: true, components: 2, routing: true, "Beta");
        long T = 200, B = 1;
        var durance = Durance(T);
        // PET correction: the Durance PET as "monthly mean", a smooth climatology as T_m.
        var tm = 5 + 10 * sin(arange(T, dtype: ScalarType.Float64) * (2 * Math.PI / 365) - 1.8);
        var forcings = cat([durance, tm.view(T, 1, 1)], 2);                                  // [T, 1, 4]
        var (leaves, _) = Random(model, T, B, new Generator(13), requiresGrad: true);
        var routing = tensor(new[] { 1.2, 2.0 }, dtype: ScalarType.Float64).view(1, 2).requires_grad_();
        var initial = tensor(new[] { 60.0, 120, 8, 20, 0.3 }, dtype: ScalarType.Float64).view(5, 1, 1).expand(5, B, 2).contiguous();

        Tensor Loss()
        {
            var parameters = leaves.ToDictionary(kv => kv.Key, kv => kv.Value.dim() == 3 ? kv.Value : kv.Value.unsqueeze(0).expand(T, B, 2));
            var r = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing, InitialState = new PhysicsState(initial) });
            return r.Series["streamflow"].sum() + 0.3 * r.Series["AET_hydro"].sum() + 0.1 * r.Series["SWE"].sum();
        }

        Loss().backward();
        // A warm wet day (rain, not snow) for the dynamic Beta, so that day's recharge depends on it.
        var late = durance[TensorIndex.Slice(100)];
        long wetDay = late[.., 0, 0].gt(5).logical_and(late[.., 0, 1].gt(3)).nonzero()[0, 0].item<long>() + 100;
        var checks = model.Declarations.Parameters.Select(p => (leaves[p.Name], p.Name == "Beta" ? new long[] { wetDay, 0, 1 } : new long[] { 0, 1 }, p.Name))
            .Append((routing, [0, 0], "route_a")).Append((routing, [0, 1], "route_b"));
        foreach (var (leaf, index, label) in checks)
        {
            double analytic = leaf.grad![index].item<double>();
            double fd = Gr4jTests.FiniteDifference(leaf, index, Loss);
            log.WriteLine($"{label}: autograd {analytic:G10} vs FD {fd:G10}");
            Assert.True(Math.Abs(fd) > 1e-8, $"{label}: vacuous check");
            Assert.True(Math.Abs(fd - analytic) <= 1e-5 * Math.Max(1, Math.Abs(fd)), $"{label}: autograd {analytic} vs FD {fd}");
        }
    }

    [Fact]
    public void Options_PetCorrection_AddsParameterCAndForcing()
    {
        Assert.Equal(10, Model(false).Declarations.Parameters.Count);
        var corrected = Model(true);
        Assert.Equal("C", corrected.Declarations.Parameters[^1].Name);
        Assert.Equal(["prcp", "tmean", "pet", "tmean_ltm"], corrected.Declarations.Forcings);
        Assert.Throws<ArgumentException>(() => new HbvEdu(new PhysicsOptions { Extra = new Dictionary<string, string> { ["pet_correction"] = "yes" } }));
        Assert.Throws<ArgumentException>(() => new HbvEdu(new PhysicsOptions { Backend = "fast" }));   // fused and tensor exist
    }
}
