using DeltaModel.Models.Physics;
using DeltaModel.Models.Physics.Gr4jFamily;
using TorchSharp;
using Xunit.Abstractions;
using static DeltaModel.Models.Tests.Physics.ZooReferenceData;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics;

/// <summary>GR4J and GR4J + CemaNeige: parity with the INRAE Excel runs, water balance with exchange, gradients, robustness.</summary>
[Collection("PhysicsZoo")]
public class Gr4jTests(ITestOutputHelper log)
{
    static Gr4j Model(bool snow, int components = 1, bool routing = false, params string[] dynamic)
    {
        var o = new PhysicsOptions { Components = components, Routing = routing, DynamicParameters = dynamic, Backend = "tensor" };
        return snow ? Gr4j.WithCemaNeige(o) : new Gr4j(o);
    }

    /// <summary>Runs plain GR4J on (P, E) from the Excel start (S = s·x1, R = r·x3, empty UHs).</summary>
    static (Tensor Q, PhysicsResult Result) RunGr4j(double[] p, double[] e, double x1, double x2, double x3, double x4, double s, double r)
    {
        var model = Model(snow: false);
        long T = p.Length;
        var forcings = stack([tensor(p, dtype: ScalarType.Float64), tensor(e, dtype: ScalarType.Float64)], 1).unsqueeze(1);   // [T, 1, 2]
        var parameters = Static(model, T, new Dictionary<string, double> { ["x1"] = x1, ["x2"] = x2, ["x3"] = x3, ["x4"] = x4 });
        var stores = zeros(model.Declarations.StoreNames.Count, 1, 1, dtype: ScalarType.Float64);
        stores[0] = s * x1;
        stores[1] = r * x3;
        var result = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, InitialState = new PhysicsState(stores) });
        return (result.Series["streamflow"][.., 0], result);
    }

    [Fact]
    public void Gr4j_MatchesExcelReference_ToTheDigitsTheFileCarries()
    {
        using var scope = NewDisposeScope();
        var rows = Rows("rrmpg_reference/test/data/gr4j_example_data.csv", ',');
        double[] p = rows.Select(r => D(r[1])).ToArray(), e = rows.Select(r => D(r[2])).ToArray(), reference = rows.Select(r => D(r[4])).ToArray();
        var (q, result) = RunGr4j(p, e, Math.Exp(5.76865628090826), Math.Sinh(1.61742503661094), Math.Exp(4.24316129943456), Math.Exp(-0.117506799276908) + 0.5, 0.6, 0.7);
        double diff = (q - tensor(reference, dtype: ScalarType.Float64)).abs().max().item<double>();
        log.WriteLine($"GR4J vs Excel (730 d, 10 decimals): max |ΔQ| = {diff:E2} mm/d; exchange {result.Budget!.Exchange!.item<double>():F3} mm, residual {result.Budget.Residual.item<double>():E2} mm");
        Assert.True(diff <= 1e-9, $"max |ΔQ| {diff:E2} mm/d");
        Assert.True(Math.Abs(result.Budget.Residual.item<double>()) <= 1e-9);
    }

    [Fact]
    public void Gr4j_MatchesCemaNeigeGr4jExcelReference_GivenItsLiquidWater()
    {
        // The Excel CemaNeige–GR4J run (x4 = 3.1 d: UH2 spans 7 days) fed with the Excel CemaNeige output.
        using var scope = NewDisposeScope();
        var rows = Rows("rrmpg_reference/test/data/cemaneigegr4j_validation_data.csv", ';');
        double[] water = rows.Select(r => D(r[7])).ToArray(), e = rows.Select(r => D(r[6])).ToArray(), reference = rows.Select(r => D(r[8])).ToArray();
        var (q, _) = RunGr4j(water, e, Math.Exp(5.25483021675164), Math.Sinh(1.58209470624126), Math.Exp(4.3853181982412), Math.Exp(0.954786342674327) + 0.5, 0.6, 0.7);
        double diff = (q - tensor(reference, dtype: ScalarType.Float64)).abs().max().item<double>();
        log.WriteLine($"GR4J (x4 = 3.1) vs Excel CemaNeige–GR4J (3653 d, float64 text): max |ΔQ| = {diff:E2} mm/d");
        Assert.True(diff <= 1e-10, $"max |ΔQ| {diff:E2} mm/d");
    }

    [Fact]
    public void CemaNeige_OneLayer_TracksFiveLayerExcelReference()
    {
        // Not parity: the Excel run extrapolates P and T to 5 elevation layers (altitudinal gradients we do not model).
        // One layer at the station must still give the same snow dynamics: NSE of the liquid outflow > 0.9.
        using var scope = NewDisposeScope();
        var rows = Rows("rrmpg_reference/test/data/cemaneige_validation_data.csv", ';').SkipLast(1).ToList();   // last row: impossible T
        var model = Model(snow: true);
        long T = rows.Count;
        var forcings = tensor(rows.SelectMany(r => new[] { D(r[4]), D(r[2]), 0.0 }).ToArray(), dtype: ScalarType.Float64).view(T, 1, 3);
        var parameters = Static(model, T, new Dictionary<string, double> { ["x1"] = 300, ["x2"] = 0, ["x3"] = 100, ["x4"] = 2, ["CTG"] = 0.25, ["Kf"] = 3.74 });
        var result = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters });
        var sim = result.Series["liquid_water"][.., 0];
        var obs = tensor(rows.Select(r => D(r[5])).ToArray(), dtype: ScalarType.Float64);
        double nse = 1 - ((sim - obs).pow(2).sum() / (obs - obs.mean()).pow(2).sum()).item<double>();
        log.WriteLine($"CemaNeige 1 layer vs 5-layer Excel: NSE {nse:F4}, volume {sim.sum().item<double>():F0} vs {obs.sum().item<double>():F0} mm");
        Assert.True(nse > 0.9, $"NSE {nse}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_ClosesWaterBalance_WithExchange_OverElevenAlpineYears(bool snow)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = Model(snow, components: 4, routing: true, "x1", "x4");
        var durance = Durance();                                                            // [4230, 1, 3]
        long T = durance.shape[0];
        var forcings = For(model, durance.expand(T, 3, 3));
        var (_, parameters) = Random(model, T, 3, new Generator(3), lo: 0, hi: 1);
        var routing = tensor(new[] { 1.0, 2.0, 0.5, 5.0, 2.5, 0.2 }, dtype: ScalarType.Float64).view(3, 2);
        var result = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing });
        var b = result.Budget!;
        double residual = b.Residual.abs().max().item<double>();
        log.WriteLine($"{model.Name}: P {b.Inputs[0].item<double>():F0} mm, AET+Q {b.Outputs[0].item<double>():F0}, exchange {string.Join(", ", b.Exchange!.data<double>().ToArray().Select(x => x.ToString("F1")))} mm, ΔS {b.StorageChange[0].item<double>():F2}; max |residual| {residual:E2} mm");
        Assert.True(residual <= 1e-4, $"residual {residual:E2} mm");
        Assert.True(b.Exchange!.abs().max().item<double>() > 1, "the test should exercise the exchange");
        if (snow) Assert.True(result.Series["SWE"].max().item<double>() > 50, "the Durance builds a snowpack");
        for (int i = 0; i < model.Declarations.StoreNames.Count; i++)
            if (model.Declarations.StoreNames[i] != "snow_thermal_state")
                Assert.True(result.FinalState.Stores[i].min().item<double>() >= 0, $"store {model.Declarations.StoreNames[i]} < 0");
        foreach (var (k, v) in result.Series) Assert.True(v.isfinite().all().item<bool>(), k);
    }

    [Fact]
    public void Tensor_GradientsMatchFiniteDifferences_EveryParameter_Float64()
    {
        using var scope = NewDisposeScope();
        var model = Model(snow: true, components: 2, routing: true, "x4");
        long T = 200, B = 1;
        var forcings = For(model, Durance(T));                                              // winter → melt season
        var (leaves, _) = Random(model, T, B, new Generator(9), requiresGrad: true);
        var routing = tensor(new[] { 1.2, 2.0 }, dtype: ScalarType.Float64).view(1, 2).requires_grad_();
        var initial = zeros(model.Declarations.StoreNames.Count, B, 2, dtype: ScalarType.Float64);
        initial[0] = 150; initial[1] = 40; initial[2] = 80;                                 // S, R, G [mm]

        Tensor Loss()
        {
            var parameters = leaves.ToDictionary(kv => kv.Key, kv => kv.Value.dim() == 3 ? kv.Value : kv.Value.unsqueeze(0).expand(T, B, 2));
            var r = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing, InitialState = new PhysicsState(initial) });
            return r.Series["streamflow"].sum() + 0.3 * r.Series["AET_hydro"].sum() + 0.1 * r.Series["SWE"].sum();
        }

        Loss().backward();
        long wetDay = forcings[TensorIndex.Slice(20), 0, 0].gt(5).nonzero()[0, 0].item<long>() + 20;
        var checks = new List<(Tensor, long[], string)>
        {
            (leaves["x1"], [0, 1], "x1"), (leaves["x2"], [0, 0], "x2"), (leaves["x3"], [0, 1], "x3"),
            (leaves["x4"], [wetDay, 0, 0], $"x4 (dynamic, day {wetDay})"), (leaves["Kf"], [0, 0], "Kf"),
            (routing, [0, 0], "route_a"), (routing, [0, 1], "route_b"),
        };
        foreach (var (leaf, index, label) in checks)
        {
            double analytic = leaf.grad![index].item<double>();
            double fd = FiniteDifference(leaf, index, Loss);
            log.WriteLine($"{label}: autograd {analytic:G10} vs FD {fd:G10}");
            Assert.True(Math.Abs(fd) > 1e-8, $"{label}: vacuous check");
            Assert.True(Math.Abs(fd - analytic) <= 1e-5 * Math.Max(1, Math.Abs(fd)), $"{label}: autograd {analytic} vs FD {fd}");
        }
        // CTG acts only through the melt-onset indicator eTG = 0 (spec §2.10): zero gradient, and locally zero FD.
        double ctgGrad = leaves["CTG"].grad is { } g ? g[0, 0].item<double>() : 0.0, ctgFd = FiniteDifference(leaves["CTG"], [0, 0], Loss);
        log.WriteLine($"CTG: autograd {ctgGrad} vs FD {ctgFd} (indicator only)");
        Assert.Equal(0.0, ctgGrad);
        Assert.True(Math.Abs(ctgFd) <= 1e-6);
    }

    internal static double FiniteDifference(Tensor leaf, long[] index, Func<Tensor> loss)
    {
        double h = 1e-6 * Math.Max(1, Math.Abs(leaf[index].item<double>()));
        using var _ = no_grad();
        leaf[index].add_(h);
        double up = loss().item<double>();
        leaf[index].sub_(2 * h);
        double down = loss().item<double>();
        leaf[index].add_(h);
        return (up - down) / (2 * h);
    }

    [Fact]
    public void Run_RejectsX4BeyondTheUnitHydrographBuffers()
    {
        using var scope = NewDisposeScope();
        var model = Model(snow: false);
        var forcings = ones(10, 1, 2, dtype: ScalarType.Float64);
        var parameters = Static(model, 10, new Dictionary<string, double> { ["x1"] = 300, ["x2"] = 0, ["x3"] = 100, ["x4"] = 12 });
        var e = Assert.Throws<ArgumentException>(() => model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters }));
        Assert.Contains("x4", e.Message);
    }

    [Fact]
    public void State_CarriesUnitHydrographWater_SplitRunEqualsOneRun()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Plain GR4J: CemaNeige's Gthreshold comes from each run's own forcing, so a split snow run differs by design.
        var model = Model(snow: false, components: 2, routing: false, "x4");
        var forcings = For(model, Durance(400));
        var (_, parameters) = Random(model, 400, 1, new Generator(4));
        var whole = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters });
        var first = model.Run(new PhysicsInput { Forcings = forcings[..250], Parameters = parameters.ToDictionary(kv => kv.Key, kv => kv.Value[..250]) });
        var second = model.Run(new PhysicsInput { Forcings = forcings[250..], Parameters = parameters.ToDictionary(kv => kv.Key, kv => kv.Value[250..]), InitialState = first.FinalState });
        double diff = (whole.Series["streamflow"][250..] - second.Series["streamflow"]).abs().max().item<double>();
        Assert.True(diff <= 1e-12, $"split run differs by {diff:E2}");
    }
}
