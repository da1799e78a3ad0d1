using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Camels;
using DeltaModel.Core.Sampling;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Physics;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics;

/// <summary>
/// Registry theories over the zoo's bucket models (PRMS, SAC-SMA + Snow-17): water budget on real CAMELS forcing with
/// routing included, float64 finite-difference gradients w.r.t. every parameter, no NaN/Inf at parameter bounds and
/// extreme forcing, a training step inside <see cref="HybridModel"/>, no leaked tensors.
/// </summary>
public class BucketModelTests(ITestOutputHelper log)
{
    public static TheoryData<string> Models => new() { "prms", "sac_sma" };

    /// <summary>Parameters inside their bounds (u from <paramref name="range"/>, per-name overrides) as leaves and as the <c>[T, B, C]</c> views a model takes.</summary>
    internal static (Dictionary<string, Tensor> Leaves, Dictionary<string, Tensor> Inputs) Parameters(IPhysicsModel model, long T, long B,
        ScalarType dtype, Generator gen, bool requiresGrad = false, (double Lo, double Hi)? range = null, IReadOnlyDictionary<string, (double Lo, double Hi)>? overrides = null)
    {
        long C = model.Options.Components;
        var leaves = new Dictionary<string, Tensor>();
        var inputs = new Dictionary<string, Tensor>();
        foreach (var p in model.Declarations.Parameters)
        {
            bool dynamic = model.Options.DynamicParameters.Contains(p.Name);
            var (lo, hi) = overrides is not null && overrides.TryGetValue(p.Name, out var o) ? o : range ?? (0.1, 0.9);
            var u = lo + (hi - lo) * rand(dynamic ? new[] { T, B, C } : new[] { B, C }, generator: gen, dtype: ScalarType.Float64);
            var leaf = (p.Lower + u * (p.Upper - p.Lower)).to(dtype);
            if (requiresGrad) leaf.requires_grad_();
            leaves[p.Name] = leaf;
            inputs[p.Name] = dynamic ? leaf : leaf.unsqueeze(0).expand(T, B, C);
        }
        return (leaves, inputs);
    }

    /// <summary>Parameter ranges (as fractions of the bounds) that keep every process of the model active in a short window.</summary>
    static Dictionary<string, (double, double)> Active(string model) => model == "prms"
        ? new() { ["stot"] = (0.01, 0.04), ["cgw"] = (0.02, 0.08), ["k4"] = (0.001, 0.01), ["resmax"] = (0.1, 0.3), ["scx"] = (0.3, 0.8) }
        : new() { ["smax"] = (0.05, 0.12), ["pctim"] = (0.05, 0.2), ["kuz"] = (0.1, 0.4), ["klzp"] = (0.02, 0.2), ["klzs"] = (0.05, 0.3) };

    [Theory]
    [MemberData(nameof(Models))]
    public void Run_ClosesWaterBudget_OnFiveYearsOfCamelsForcing_RoutingIncluded(string name) =>
        WaterBudgetRuns.ForEachDtype(5, (dtype, gen) =>
        {
            var model = HbvTestData.Model(name, "tensor", 4);
            var forcings = TestData.CamelsForcings(dtype);
            long T = forcings.shape[0], B = forcings.shape[1];
            var (_, parameters) = Parameters(model, T, B, dtype, gen);
            var routing = HbvTestData.Routing(B, dtype, gen);
            // Two consecutive runs: a cold start, then a continuation with stores and in-transit water carried over.
            var runs = WaterBudgetRuns.RunInHalves(model, forcings, parameters, routing);
            foreach (var (label, r, _) in runs)
            {
                var budget = r.Budget!;
                double residual = budget.Residual.abs().max().item<double>();
                double maxInput = budget.Inputs.max().item<double>();
                log.WriteLine($"{name}/{dtype}/{label}: inputs ≤ {maxInput:F1} mm, ΔS {string.Join(", ", budget.StorageChange.data<double>().ToArray().Select(v => v.ToString("F2")))} mm, " +
                              $"floor gain ≤ {budget.NumericalGain.max().item<double>():E2} mm, |residual| ≤ {residual:E2} mm");
                Assert.True(budget.Inputs.min().item<double>() > 500, "the forcing should carry years of precipitation");
                WaterBudgetRuns.AssertCloses(budget, dtype, $"{name} {label}");
                WaterBudgetRuns.AssertStoresNonNegativeAndSeriesFinite(r, $"{name} {label}", waterStores: 7);
            }
            Assert.True(runs[0].Result.Series["SWE"][.., 0].max().to(ScalarType.Float64).item<double>() > 10, "the Maine basin should build a snowpack");
        });

    [Theory]
    [MemberData(nameof(Models))]
    public void Tensor_GradientsMatchFiniteDifferences_EveryParameter_Float64(string name)
    {
        const long T = 200, B = 2, C = 2;
        using var scope = NewDisposeScope();
        var gen = new Generator(17);
        string dynamicName = name == "prms" ? "beta" : "mf";
        var model = HbvTestData.Model(name, "tensor", (int)C, dynamicName);
        var forcings = HbvTestData.Forcings(T, B, ScalarType.Float64, gen);
        forcings[.., .., 0].mul_(1.5);                                                        // wetter: every store overflows now and then
        var (leaves, _) = Parameters(model, T, B, ScalarType.Float64, gen, requiresGrad: true, range: (0.2, 0.8), overrides: Active(name));
        var routing = HbvTestData.Routing(B, ScalarType.Float64, gen).requires_grad_();
        var initial = (name == "prms"
            ? tensor(new[] { 30.0, 0.5, 2, 20, 60, 40, 40 })
            : tensor(new[] { 10.0, 5, 30, 10, 15, 30, 1, 0.5, -2 })).view(-1, 1, 1).expand(-1, B, C).contiguous();

        Tensor Loss()
        {
            var parameters = leaves.ToDictionary(kv => kv.Key, kv => kv.Value.dim() == 3 ? kv.Value : kv.Value.unsqueeze(0).expand(T, B, C));
            var r = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing, InitialState = new PhysicsState(initial) });
            return r.Series["streamflow"].sum() + 0.3 * r.Series["AET_hydro"].sum() + 0.01 * r.Series["SWE"].sum();
        }

        Loss().backward();
        int checkedCount = 0;
        void Check(Tensor leaf, long[] index, string label, bool thresholdOnly = false)
        {
            double analytic = leaf.grad is { } grad ? grad[index].item<double>() : 0;   // no grad at all: only thresholds use it
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
            log.WriteLine($"{name} {label}: autograd {analytic:G10} vs FD {fd:G10}");
            if (thresholdOnly)
                Assert.True(analytic == 0 && Math.Abs(fd) < 1e-6, $"{name} {label} acts only through a hard threshold: autograd {analytic}, FD {fd}");
            else
            {
                Assert.True(Math.Abs(fd) > 1e-8, $"{name} {label}: the loss does not depend on it here; the check would be vacuous");
                Assert.True(Math.Abs(fd - analytic) <= 1e-5 * Math.Max(1, Math.Abs(fd)), $"{name} {label}: autograd {analytic} vs finite difference {fd}");
            }
            checkedCount++;
        }

        var pick = new Generator(3);
        foreach (var spec in model.Declarations.Parameters)
        {
            var leaf = leaves[spec.Name];
            long b = (long)(rand(1, generator: pick).item<float>() * B) % B, c = (long)(rand(1, generator: pick).item<float>() * C) % C;
            if (leaf.dim() == 3)
            {
                // A dynamic parameter: the day (away from the window's ends) where it matters most, e.g. a melt day for mf.
                var middle = leaf.grad![TensorIndex.Slice(20, T - 20)].abs();                 // [T − 40, B, C]
                long flat = middle.argmax().item<long>(), t = 20 + flat / (B * C);
                b = flat / C % B;
                c = flat % C;
                Check(leaf, [t, b, c], $"{spec.Name} (dynamic, day {t}) [{b},{c}]");
                continue;
            }
            Check(leaf, [b, c], $"{spec.Name} [{b},{c}]", thresholdOnly: spec.Name == "pxtemp");
        }
        Check(routing, [0, 0], "route_a");
        Check(routing, [1, 1], "route_b");
        Assert.Equal(model.Declarations.Parameters.Count + 2, checkedCount);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Options_AcceptFusedBackend_RejectUnknownBackendAndDynamicParameter(string name)
    {
        Assert.True(Assert.IsAssignableFrom<PhysicsModel>(HbvTestData.Model(name, "fused", 1)).HasFusedKernel);   // a declared step
        var e = Assert.Throws<ArgumentException>(() => HbvTestData.Model(name, "fusd", 1));
        Assert.Contains("did you mean 'fused'", e.Message);
        var known = ModelRegistry.CreatePhysics(name, new PhysicsOptions()).Declarations.Parameters[3].Name;
        var typo = Assert.Throws<ArgumentException>(() => HbvTestData.Model(name, "tensor", 1, known + "x"));
        Assert.Contains($"did you mean '{known}'", typo.Message);
        Assert.Throws<ArgumentException>(() => HbvTestData.Model(name, "tensor", 1, "route_a"));
    }
}
