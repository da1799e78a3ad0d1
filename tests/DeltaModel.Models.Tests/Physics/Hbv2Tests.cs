using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Camels;
using DeltaModel.Models.Physics;
using DeltaModel.Models.Physics.HbvFamily;
using DeltaModel.Models.Routing;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics;

/// <summary>
/// HBV 2.0 (spec §2.5): the booked lateral exchange closes the water budget on real forcing (routing included),
/// float64 gradients w.r.t. every parameter, fused = tensor, the elevation override, the exchange's sign and limit,
/// finiteness at the bounds under extreme forcing, and the attribute options.
/// </summary>
[Collection("PhysicsZoo")]
public class Hbv2Tests(ITestOutputHelper log)
{
    public static TheoryData<string> Backends => new() { "tensor", "fused" };

    static readonly string[] Dynamic = ["parBETA", "parK0", "parBETAET"];

    static IPhysicsModel Model(string backend, int components = 4, IReadOnlyDictionary<string, string>? extra = null, params string[] dynamic) =>
        ModelRegistry.CreatePhysics("hbv_2_0", new PhysicsOptions
        {
            Components = components, Backend = backend, DynamicParameters = dynamic, Extra = extra ?? new Dictionary<string, string>(),
        });

    /// <summary>Elevation [m] and upstream area [km²] under the default attribute names.</summary>
    static Dictionary<string, Tensor> Attributes(double[] elevation, double[] area) => new()
    {
        ["elev_mean"] = tensor(elevation, dtype: ScalarType.Float64),
        ["area_gages2"] = tensor(area, dtype: ScalarType.Float64),
    };

    [Theory]
    [MemberData(nameof(Backends))]
    public void Run_ClosesWaterBudgetWithExchange_OnFiveYearsOfCamelsForcing_RoutingIncluded(string backend) =>
        WaterBudgetRuns.ForEachDtype(5, (dtype, gen) =>
        {
            var model = Model(backend, 4, null, Dynamic);
            var forcings = TestData.CamelsForcings(dtype);
            long T = forcings.shape[0], B = forcings.shape[1];
            // Real elevations and areas of the sample's basins are all low and mid-sized; these exercise every branch:
            // a small basin that loses water (A < AC), a high one (TT* = 4 °C), a large one that gains.
            var attributes = Attributes([300, 2500, 1200], [150, 900, 4000]);
            var (_, parameters) = HbvTestData.Parameters(model, T, B, dtype, gen);
            var routing = HbvTestData.Routing(B, dtype, gen);
            var weights = GammaUnitHydrograph.Weights(routing[.., 0].to(ScalarType.Float64), routing[.., 1].to(ScalarType.Float64));   // [B, L]
            Tensor Transit(PhysicsState? s) => s?.RoutingHistory is { } h ? GammaUnitHydrograph.InTransit(h.to(ScalarType.Float64), weights)[.., 0] : zeros(B, dtype: ScalarType.Float64);
            foreach (var (label, r, before) in WaterBudgetRuns.RunInHalves(model, forcings, parameters, routing, attributes))
            {
                var budget = r.Budget!;
                Assert.NotNull(budget.Exchange);
                var exchange = r.Series["exchange"].to(ScalarType.Float64);
                double booked = (budget.Exchange! - exchange.sum(0L)).abs().max().item<double>();
                Assert.True(booked <= 1e-3, $"the budget books the exchange series: differs by {booked} mm ({string.Join(", ", budget.Exchange!.data<double>().ToArray())} vs {string.Join(", ", exchange.sum(0L).data<double>().ToArray())})");
                // Routed: P + exchange + floor gain − ET − Σ routed Q − ΔS − Δ(in transit) = 0.
                var routed = budget.Inputs + budget.Exchange + budget.NumericalGain - r.Series["AET_hydro"].to(ScalarType.Float64).sum(0L)
                             - r.Series["streamflow"].to(ScalarType.Float64).sum(0L) - budget.StorageChange - (Transit(r.FinalState) - Transit(before));
                double residual = budget.Residual.abs().max().item<double>(), routedResidual = routed.abs().max().item<double>();
                log.WriteLine($"{backend}/{dtype}/{label}: exchange {string.Join(", ", budget.Exchange.data<double>().ToArray().Select(v => v.ToString("F1")))} mm, " +
                              $"|residual| ≤ {residual:E2} mm, with routing ≤ {routedResidual:E2} mm");
                Assert.True(exchange[.., 0].min().item<double>() < -0.01, "the small basin should lose water");
                Assert.True(exchange[.., 2].min().item<double>() > 0, "the large basin only gains");
                WaterBudgetRuns.AssertCloses(budget, dtype, label);
                if (dtype == ScalarType.Float64)
                    Assert.True(routedResidual <= 1e-4, $"{label}: budget residual with routing {routedResidual:E2} mm > 1e-4 mm");
                WaterBudgetRuns.AssertStoresNonNegativeAndSeriesFinite(r, label);
            }
        });

    [Fact]
    public void Tensor_GradientsMatchFiniteDifferences_EveryParameter_Float64()
    {
        const long T = 240, B = 2, C = 2;
        using var scope = NewDisposeScope();
        var gen = new Generator(29);
        var model = Model("tensor", (int)C, null, "parBETA", "parRT");
        var forcings = HbvTestData.Forcings(T, B, ScalarType.Float64, gen);
        var (leaves, _) = HbvTestData.Parameters(model, T, B, ScalarType.Float64, gen, requiresGrad: true);
        var routing = HbvTestData.Routing(B, ScalarType.Float64, gen).requires_grad_();
        // Basin 0: low, 1200 km² (exchange depends on parAC); basin 1: high (TT* = 4 °C), large (gain).
        var attributes = Attributes([400, 2600], [1200, 2600]);
        var initial = tensor(new[] { 20.0, 1, 120, 160, 80 }).view(5, 1, 1).expand(5, B, C).contiguous();
        // Warm wet days of basin 0 (rain, not snow), where today's dynamic β and RT matter.
        var wetDays = forcings[TensorIndex.Slice(20, 170), 0, 0].gt(2).logical_and(forcings[TensorIndex.Slice(20, 170), 0, 1].gt(3)).nonzero()[.., 0].data<long>().ToArray();
        Assert.NotEmpty(wetDays);

        Tensor Loss()
        {
            var parameters = leaves.ToDictionary(kv => kv.Key, kv => kv.Value.dim() == 3 ? kv.Value : kv.Value.unsqueeze(0).expand(T, B, C));
            var r = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing, Attributes = attributes, InitialState = new PhysicsState(initial) });
            return r.Series["streamflow"].sum() + 0.3 * r.Series["AET_hydro"].sum() + 0.01 * r.Series["SWE"].sum() + 0.1 * r.Series["exchange"].sum();
        }

        Loss().backward();
        var rng = new Random(3);
        foreach (var p in model.Declarations.Parameters)
        {
            var leaf = leaves[p.Name];
            // Basin 0 (where parTT and parAC act), a random component; a random day for dynamic ones.
            long c = rng.Next((int)C);
            long[] index = leaf.dim() == 3 ? [20 + wetDays[rng.Next(wetDays.Length)], 0, c] : [0, c];
            double analytic = leaf.grad![index].item<double>();
            double h = 1e-6 * Math.Max(1, Math.Abs(leaf[index].item<double>()));
            double up, down;
            using (no_grad())
            {
                leaf[index].add_(h);
                up = Loss().item<double>();
                leaf[index].sub_(2 * h);
                down = Loss().item<double>();
                leaf[index].add_(h);
            }
            double fd = (up - down) / (2 * h);
            log.WriteLine($"{p.Name}[{string.Join(",", index)}]: autograd {analytic:G10} vs FD {fd:G10}");
            Assert.True(Math.Abs(fd) > 1e-9, $"{p.Name}: the loss does not depend on it here; the check would be vacuous");
            Assert.True(Math.Abs(fd - analytic) <= 1e-5 * Math.Max(1, Math.Abs(fd)), $"{p.Name}: autograd {analytic} vs finite difference {fd}");
        }
        // High basin: TT is overridden, so no gradient reaches it there.
        Assert.Equal(0.0, leaves["parTT"].grad![1].abs().sum().item<double>());
    }

    [Fact]
    public void Fused_MatchesTensorReference_OutputsAndGradients()
    {
        const long T = 400, B = 3;
        using var scope = NewDisposeScope();
        var runs = new[] { "tensor", "fused" }.Select(backend =>
        {
            var gen = new Generator(23);
            var model = Model(backend, 4, null, [.. Dynamic, "parRT"]);
            var forcings = HbvTestData.Forcings(T, B, ScalarType.Float64, gen);
            var (leaves, parameters) = HbvTestData.Parameters(model, T, B, ScalarType.Float64, gen, requiresGrad: true);
            var initial = (rand(5, B, 4, generator: gen, dtype: ScalarType.Float64) * tensor(new[] { 30.0, 2, 150, 10, 40 }).view(5, 1, 1) + 0.01).requires_grad_();
            var result = model.Run(new PhysicsInput
            {
                Forcings = forcings, Parameters = parameters, Routing = HbvTestData.Routing(B, ScalarType.Float64, gen),
                Attributes = Attributes([300, 2100, 900], [600, 1900, 2700]), InitialState = new PhysicsState(initial),
            });
            var loss = stack(model.Declarations.OutputNames.Select((o, i) => result.Series[o] * (0.5 + 0.1 * i)).ToList()).sum();
            var grads = autograd.grad([loss], [.. leaves.Values, initial]);
            return (Model: model, Result: result, Names: leaves.Keys.Append("initial stores").ToList(), Grads: grads);
        }).ToArray();

        Assert.Contains("exchange", runs[0].Model.Declarations.OutputNames);
        foreach (var output in runs[0].Model.Declarations.OutputNames)
        {
            var a = runs[0].Result.Series[output];
            double diff = (a - runs[1].Result.Series[output]).abs().max().item<double>() / Math.Max(a.abs().max().item<double>(), 1e-12);
            Assert.True(diff <= 1e-6, $"{output}: fused vs tensor relative difference {diff:E2}");
        }
        for (int i = 0; i < runs[0].Grads.Count; i++)
        {
            var a = runs[0].Grads[i];
            double scale = Math.Max(a.abs().max().item<double>(), 1e-12);
            double diff = (a - runs[1].Grads[i]).abs().max().item<double>() / scale;
            log.WriteLine($"d/d{runs[0].Names[i]}: max |grad| {scale:E2}, fused vs tensor relative difference {diff:E2}");
            Assert.True(diff <= 1e-5, $"d/d{runs[0].Names[i]}: fused vs tensor relative difference {diff:E2}");
        }
        Assert.True(runs[0].Grads[runs[0].Names.IndexOf("parAC")].abs().sum().item<double>() > 0, "parAC receives gradient");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void ElevationOverride_HighBasinBehavesAsThresholdFour(string backend)
    {
        const long T = 365;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = Model(backend, 1);
        var forcings = HbvTestData.Forcings(T, 1, ScalarType.Float64, new Generator(8));
        var values = model.Declarations.Parameters.ToDictionary(p => p.Name, p => p.Scale(0.5));
        Tensor Flow(double tt, double elevation)
        {
            var parameters = ZooReferenceData.Static(model, T, new Dictionary<string, double>(values) { ["parTT"] = tt });
            var r = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = zeros(1, 2, dtype: ScalarType.Float64), Attributes = Attributes([elevation], [800]) });
            return stack([r.Series["streamflow"], r.Series["SWE"]]);
        }
        var high = Flow(-2.0, 2500);
        // Exact: one code path on the same inputs; only a value that the elevation rule selects away differs.
        Assert.True((high - Flow(2.0, 2500)).abs().max().item<double>() == 0, "at 2500 m parTT has no effect");
        Assert.True((high - Flow(4.0, 400)).abs().max().item<double>() <= 1e-12, "at 2500 m the model behaves as TT = 4 °C");
        Assert.True((high - Flow(4.0, 2000)).abs().max().item<double>() <= 1e-12, "2000 m is already high (≥)");
        Assert.True((Flow(-2.0, 400) - Flow(2.0, 400)).abs().max().item<double>() > 1e-3, "below 2000 m parTT matters");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Exchange_SignMagnitudeAndStorageLimit(string backend)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = Model(backend, 1);
        // One dry, warm day: no capillary rise (parC = 0) and no percolation (parPERC = 0), so SLZ + LF is all there is.
        var forcings = tensor(new[] { 0.0, 20, 0 }, dtype: ScalarType.Float64).view(1, 1, 3).expand(1, 5, 3).contiguous();
        var values = model.Declarations.Parameters.ToDictionary(p => p.Name, p => p.Scale(0.5));
        values["parC"] = 0;
        values["parPERC"] = 0;
        values["parRT"] = 10;
        var parameters = ZooReferenceData.Static(model, 1, values, B: 5);
        var ac = tensor(new[] { 1500.0, 1500, 500, 2550, 1250 }).view(1, 5, 1).expand(1, 5, 1);
        parameters["parAC"] = ac;
        var slz = tensor(new[] { 50.0, 3, 50, 50, 50 });
        var initial = stack([zeros(5, dtype: ScalarType.Float64), zeros(5, dtype: ScalarType.Float64), full(5, 100.0, dtype: ScalarType.Float64), full(5, 1.0, dtype: ScalarType.Float64), slz]).view(5, 5, 1);
        var r = model.Run(new PhysicsInput
        {
            Forcings = forcings, Parameters = parameters, Routing = zeros(5, 2, dtype: ScalarType.Float64), InitialState = new PhysicsState(initial),
            Attributes = Attributes([100, 100, 100, 100, 100], [500, 500, 2500, 2600, 1250]),
        });
        var exchange = r.Series["exchange"][0].data<double>().ToArray();
        log.WriteLine($"{backend}: exchange {string.Join(", ", exchange)}");
        Assert.Equal(-10, exchange[0], 12);                          // A − AC = −1000 km²: full loss RT
        Assert.Equal(-3, exchange[1], 12);                           // the same loss, limited to the 3 mm in the lower zone
        Assert.Equal(10, exchange[2], 12);                           // A = 2500 km²: gain RT·exp(0)
        Assert.Equal(10 * Math.Exp(-2), exchange[3], 12);            // A = 2600 km²: gain decays with area
        Assert.Equal(0, exchange[4], 12);                            // A = AC: none
        var lowerZone = r.Series["SLZ"][0];
        Assert.Equal(0, lowerZone[1].item<double>(), 12);            // emptied, not negative
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void AtBounds_UnderExtremeForcing_FiniteAndClosed(string backend)
    {
        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            using var scope = NewDisposeScope();
            var model = Model(backend, 2, null, Dynamic);
            ZooReferenceData.AssertFiniteAndClosedAtBounds(model, ZooReferenceData.Extremes(3, dtype), dtype, log,
                attributes: Attributes([100, 2000, 4500], [1, 2500, 1e6]));
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Run_WithoutTape_LeavesNoLiveTensorsBehind(string backend)
    {
        var gen = new Generator(2);
        var model = Model(backend, 2, null, Dynamic);
        using var inputs = NewDisposeScope();
        var forcings = HbvTestData.Forcings(60, 3, ScalarType.Float32, gen);
        var (_, parameters) = HbvTestData.Parameters(model, 60, 3, ScalarType.Float32, gen);
        var routing = HbvTestData.Routing(3, ScalarType.Float32, gen);
        var attributes = Attributes([300, 2500, 1200], [150, 900, 4000]);
        using var noGrad = no_grad();
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var run = NewDisposeScope())
            model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing, Attributes = attributes });
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Options_AttributeNames_DefaultOverrideAndErrors()
    {
        var model = Model("tensor", 1);
        Assert.Equal(["elev_mean", "area_gages2"], model.Declarations.Attributes);
        Assert.Equal(16, model.Declarations.Parameters.Count);
        Assert.Equal(["parRT", "parAC"], model.Declarations.Parameters.Skip(14).Select(p => p.Name));
        Assert.Equal((0.0, 20.0, 0.0, 2500.0), (model.Declarations.Parameters[14].Lower, model.Declarations.Parameters[14].Upper, model.Declarations.Parameters[15].Lower, model.Declarations.Parameters[15].Upper));
        Assert.IsType<Hbv2>(ModelRegistry.CreatePhysics("hbv_2", new PhysicsOptions()));
        var caravan = Model("tensor", 1, new Dictionary<string, string> { ["area_attribute"] = "area", ["elevation_attribute"] = "elev" });
        Assert.Equal(["elev", "area"], caravan.Declarations.Attributes);

        var typo = Assert.Throws<ArgumentException>(() => Model("tensor", 1, new Dictionary<string, string> { ["area_atribute"] = "area" }));
        Assert.Contains("did you mean 'area_attribute'", typo.Message);

        using var scope = NewDisposeScope();
        var gen = new Generator(1);
        var forcings = HbvTestData.Forcings(10, 2, ScalarType.Float32, gen);
        var (_, parameters) = HbvTestData.Parameters(model, 10, 2, ScalarType.Float32, gen);
        var missing = Assert.Throws<ArgumentException>(() => model.Run(new PhysicsInput
        {
            Forcings = forcings, Parameters = parameters, Routing = HbvTestData.Routing(2, ScalarType.Float32, gen),
            Attributes = new Dictionary<string, Tensor> { ["elev_mean"] = ones(2) },
        }));
        Assert.Contains("'area_gages2'", missing.Message);
        Assert.Contains("area_attribute", missing.Message);
    }
}
