using DeltaModel.Models.Physics;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics;

/// <summary>Registry-wide physics checks (style §8): mass balance, float64 gradient check, fused backend = tensor reference.</summary>
public class HbvModelTests(ITestOutputHelper log)
{
    public static TheoryData<string, string> ModelsAndBackends => new()
    {
        { "hbv", "tensor" }, { "hbv", "fused" }, { "hbv_1_1p", "tensor" }, { "hbv_1_1p", "fused" },
    };

    public static TheoryData<string> Models => new() { "hbv", "hbv_1_1p" };

    [Theory]
    [MemberData(nameof(ModelsAndBackends))]
    public void Run_ClosesMassBalance_OverYearsWithSnow(string name, string backend)
    {
        const long T = 3 * 365, B = 4;
        WaterBudgetRuns.ForEachDtype(11, (dtype, gen) =>
        {
            var model = HbvTestData.Model(name, backend, 4, HbvTestData.TypicalDynamic(name));
            var forcings = HbvTestData.Forcings(T, B, dtype, gen);
            var (_, parameters) = HbvTestData.Parameters(model, T, B, dtype, gen);
            var result = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = HbvTestData.Routing(B, dtype, gen) });

            Assert.True(result.Series["SWE"].max().to(ScalarType.Float64).item<double>() > 20, "the test climate should build a snowpack");
            Assert.True(result.Budget!.Inputs.min().item<double>() > 1000);
            // Relative in both dtypes (1e-12 in float64), not WaterBudgetRuns.AssertCloses (absolute 1e-4 mm in float64).
            double tolerance = dtype == ScalarType.Float64 ? 1e-12 : 1e-5;
            double residual = result.Budget.MaxRelativeResidual();
            log.WriteLine($"{name}/{backend}/{dtype}: max relative mass residual {residual:E2}");
            Assert.True(residual <= tolerance, $"{name}/{backend}/{dtype}: mass residual {residual:E2} (relative) > {tolerance:E0}");
            WaterBudgetRuns.AssertStoresNonNegativeAndSeriesFinite(result, $"{name}/{backend}/{dtype}");
        });
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Fused_MatchesTensorReference_OutputsAndGradients(string name)
    {
        const long T = 500, B = 3;
        using var scope = NewDisposeScope();
        var runs = new[] { "tensor", "fused" }.Select(backend =>
        {
            var gen = new Generator(23);
            var model = HbvTestData.Model(name, backend, 4, HbvTestData.TypicalDynamic(name));
            var forcings = HbvTestData.Forcings(T, B, ScalarType.Float64, gen);
            var (leaves, parameters) = HbvTestData.Parameters(model, T, B, ScalarType.Float64, gen, requiresGrad: true);
            var initial = (rand(5, B, 4, generator: gen, dtype: ScalarType.Float64) * tensor(new[] { 30.0, 2, 150, 10, 40 }).view(5, 1, 1) + 0.01).requires_grad_();
            var history = rand(14, B, 4, generator: gen, dtype: ScalarType.Float64);
            var result = model.Run(new PhysicsInput
            {
                Forcings = forcings, Parameters = parameters, Routing = HbvTestData.Routing(B, ScalarType.Float64, gen),
                InitialState = new PhysicsState(initial, history),
            });
            var weights = model.Declarations.OutputNames.Select((o, i) => result.Series[o] * (0.5 + 0.1 * i)).ToList();
            var loss = stack(weights).sum();
            var inputs = leaves.Values.Append(initial).ToList();
            var grads = autograd.grad([loss], inputs);
            return (Model: model, Result: result, Names: leaves.Keys.Append("initial stores").ToList(), Grads: grads);
        }).ToArray();

        var (tensorRun, fusedRun) = (runs[0], runs[1]);
        foreach (var output in tensorRun.Model.Declarations.OutputNames)
        {
            var a = tensorRun.Result.Series[output];
            var b = fusedRun.Result.Series[output];
            double scale = Math.Max(a.abs().max().item<double>(), 1e-12);
            double diff = (a - b).abs().max().item<double>() / scale;
            log.WriteLine($"{name} {output}: fused vs tensor relative difference {diff:E2}");
            Assert.True(diff <= 1e-6, $"{name} {output}: fused vs tensor relative difference {diff:E2}");
        }
        Assert.True((tensorRun.Result.FinalState.Stores - fusedRun.Result.FinalState.Stores).abs().max().item<double>() <= 1e-8);
        for (int i = 0; i < tensorRun.Grads.Count; i++)
        {
            var a = tensorRun.Grads[i];
            var b = fusedRun.Grads[i];
            double scale = Math.Max(a.abs().max().item<double>(), 1e-12);
            double diff = (a - b).abs().max().item<double>() / scale;
            log.WriteLine($"{name} d/d{tensorRun.Names[i]}: fused vs tensor relative difference {diff:E2}");
            Assert.True(diff <= 1e-5, $"{name} d/d{tensorRun.Names[i]}: fused vs tensor relative difference {diff:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Tensor_GradientsMatchFiniteDifferences_Float64(string name)
    {
        const long T = 240, B = 2;
        using var scope = NewDisposeScope();
        var gen = new Generator(7);
        var model = HbvTestData.Model(name, "tensor", 2, "parBETA");
        var forcings = HbvTestData.Forcings(T, B, ScalarType.Float64, gen);
        var (leaves, _) = HbvTestData.Parameters(model, T, B, ScalarType.Float64, gen, requiresGrad: true);
        var routing = HbvTestData.Routing(B, ScalarType.Float64, gen).requires_grad_();
        // Wet start (stores in mm: SP, MW, SM, SUZ, SLZ) so every store and flux is active within the window.
        var initial = tensor(new[] { 20.0, 1, 120, 15, 40 }).view(5, 1, 1).expand(5, B, 2).contiguous();
        // A warm wet day (rain, not snow) for the dynamic parameter, so today's β matters.
        var late = forcings[TensorIndex.Slice(30)];
        long wetDay = late[.., 1, 0].gt(2).logical_and(late[.., 1, 1].gt(3)).nonzero()[0, 0].item<long>() + 30;

        Tensor Loss()
        {
            var parameters = leaves.ToDictionary(kv => kv.Key, kv => kv.Value.dim() == 3 ? kv.Value : kv.Value.unsqueeze(0).expand(T, B, 2));
            var r = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing, InitialState = new PhysicsState(initial) });
            return r.Series["streamflow"].sum() + 0.3 * r.Series["AET_hydro"].sum();
        }

        Loss().backward();
        void Check(Tensor leaf, long[] index, string label)
        {
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
            Assert.True(Math.Abs(fd) > 1e-8, $"{name} {label}: the loss does not depend on it here; the check would be vacuous");
            log.WriteLine($"{name} {label}: autograd {analytic:G10} vs FD {fd:G10}");
            Assert.True(Math.Abs(fd - analytic) <= 1e-5 * Math.Max(1, Math.Abs(fd)), $"{name} {label}: autograd {analytic} vs finite difference {fd}");
        }

        Check(leaves["parBETA"], [wetDay, 1, 0], $"parBETA (dynamic, day {wetDay})");
        Check(leaves["parFC"], [0, 1], "parFC");
        Check(leaves["parK1"], [1, 0], "parK1");
        Check(leaves["parLP"], [1, 1], "parLP");
        Check(leaves["parCFMAX"], [0, 0], "parCFMAX");
        Check(leaves["parPERC"], [1, 1], "parPERC");
        if (leaves.TryGetValue("parC", out var c)) Check(c, [0, 1], "parC");
        if (leaves.TryGetValue("parBETAET", out var betaEt)) Check(betaEt, [1, 0], "parBETAET");
        Check(routing, [0, 0], "route_a");
        Check(routing, [1, 1], "route_b");
    }

    /// <summary>
    /// Regression for the intermittent libtorch <c>Expected false to be true … toDouble at c10/core/Scalar.h</c>: a
    /// TorchSharp <c>Scalar</c> made implicitly from a C# number (or the implicit alpha = 1 of <c>Tensor.add(Tensor)</c>)
    /// was finalized by a garbage collection while libtorch still read it (docs/platform.md). Forward + backward of the
    /// tensor backend while another thread forces collections and finalizers without pause; before the fix this failed
    /// in most runs within seconds. Bounded by <see cref="StressSeconds"/>.
    /// </summary>
    [Fact]
    public void Tensor_SurvivesGarbageCollectionsDuringNativeOps()
    {
        const long T = 60, B = 2;
        using var outer = NewDisposeScope();
        var model = HbvTestData.Model("hbv_1_1p", "tensor", 2, "parBETA");
        // Inputs are made before the collections start: the test data code itself uses implicit Scalars.
        var gen = new Generator(5);
        var forcings = HbvTestData.Forcings(T, B, ScalarType.Float64, gen);
        var (values, _) = HbvTestData.Parameters(model, T, B, ScalarType.Float64, gen);
        var routing = HbvTestData.Routing(B, ScalarType.Float64, gen);
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested) { GC.Collect(0); GC.WaitForPendingFinalizers(); }
        }) { IsBackground = true };
        collector.Start();
        int iterations = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed.TotalSeconds < StressSeconds)
            {
                using var scope = NewDisposeScope();
                var leaves = values.ToDictionary(kv => kv.Key, kv => kv.Value.detach().requires_grad_());
                var inputs = leaves.ToDictionary(kv => kv.Key, kv => kv.Value.dim() == 3 ? kv.Value : kv.Value.unsqueeze(0).expand(T, B, 2));
                var r = model.Run(new PhysicsInput { Forcings = forcings, Parameters = inputs, Routing = routing });
                r.Series["streamflow"].sum().backward();
                Assert.True(leaves["parBETA"].grad!.isfinite().all().item<bool>());
                iterations++;
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
        log.WriteLine($"{iterations} forward+backward runs in {clock.Elapsed.TotalSeconds:F1} s under continuous GC");
        Assert.True(iterations > 0);
    }

    /// <summary>Duration of <see cref="Tensor_SurvivesGarbageCollectionsDuringNativeOps"/> [s]; DELTAMODEL_STRESS_SECONDS overrides (longer soak runs).</summary>
    static double StressSeconds =>
        double.TryParse(Environment.GetEnvironmentVariable("DELTAMODEL_STRESS_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 8;

    [Fact]
    public void Run_WithoutTape_LeavesNoLiveTensorsBehind()
    {
        var gen = new Generator(2);
        var model = HbvTestData.Model("hbv_1_1p", "tensor", 2, "parBETA");
        using var inputs = NewDisposeScope();
        var forcings = HbvTestData.Forcings(60, 3, ScalarType.Float32, gen);
        var (_, parameters) = HbvTestData.Parameters(model, 60, 3, ScalarType.Float32, gen);
        var routing = HbvTestData.Routing(3, ScalarType.Float32, gen);
        using var noGrad = no_grad();
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var run = NewDisposeScope())
            model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing });
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Run_RejectsNaNForcings_WithRemedy()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(1);
        var model = HbvTestData.Model("hbv", "tensor", 1);
        var forcings = HbvTestData.Forcings(20, 1, ScalarType.Float32, gen);
        forcings[5, 0, 0] = tensor(float.NaN);
        var (_, parameters) = HbvTestData.Parameters(model, 20, 1, ScalarType.Float32, gen);
        var e = Assert.Throws<ArgumentException>(() => model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = HbvTestData.Routing(1, ScalarType.Float32, gen) }));
        Assert.Contains("NaN", e.Message);
        Assert.Contains("fill", e.Message);
    }

    [Fact]
    public void Hbv_SwitchesOnEtExponent_OnlyWhenParBetaEtIsDynamic()
    {
        Assert.Equal(12, HbvTestData.Model("hbv", "tensor", 1).Declarations.Parameters.Count);
        var withEt = HbvTestData.Model("hbv", "tensor", 1, "parBETAET");
        Assert.Equal("parBETAET", withEt.Declarations.Parameters[^1].Name);
        Assert.Equal(14, HbvTestData.Model("hbv_1_1p", "tensor", 1).Declarations.Parameters.Count);
        Assert.Contains("capillary", HbvTestData.Model("hbv_1_1p", "tensor", 1).Declarations.OutputNames);
        Assert.DoesNotContain("capillary", withEt.Declarations.OutputNames);
    }

    [Fact]
    public void Options_UnknownDynamicParameter_SuggestsClosest()
    {
        var e = Assert.Throws<ArgumentException>(() => HbvTestData.Model("hbv_1_1p", "tensor", 1, "parBETAETT"));
        Assert.Contains("did you mean 'parBETAET'", e.Message);
        Assert.Throws<ArgumentException>(() => HbvTestData.Model("hbv", "tensor", 1, "route_a"));
    }
}
