using DeltaModel.Models.Physics;
using DeltaModel.Models.Physics.Examples;
using DeltaModel.Models.Tests.Plugins;
using TorchSharp;
using Xunit.Abstractions;
using static DeltaModel.Models.Tests.Physics.WaterBudgetRuns;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics;

/// <summary>
/// What every physics model must do, run over every registry name (and the <see cref="Template"/> example): a new
/// model is tested here by adding its registry line. Model-specific references (fixtures, published runs) stay in the
/// model's own test class.
/// </summary>
[Collection("PhysicsZoo")]
public class PhysicsModelTheoryTests(ITestOutputHelper log)
{
    const long B = 3;

    /// <summary>
    /// Every registered rainfall–runoff model (the plug-in sample's included: a plug-in model passes the same checks), and
    /// the template. These checks are hydrology's (water budget, streamflow, prcp/tmean/pet forcings); a model of another
    /// domain (fvcb_medlyn) has its own class of the same kind of checks (FvcbMedlynTests).
    /// </summary>
    public static TheoryData<string> Names => [.. ModelRegistry.PhysicsNames.Where(IsRainfallRunoff), "template"];

    static bool IsRainfallRunoff(string name)
    {
        var declared = ModelRegistry.CreatePhysics(name, new PhysicsOptions()).Declarations;
        return declared.OutputNames.Contains("streamflow") && declared.Forcings.All(f => f is "prcp" or "tmean" or "pet");
    }

    // Before the names are listed (discovery) and before a test runs (execution, maybe in another process).
    static PhysicsModelTheoryTests() => SamplePlugin.EnsureLoaded();

    static IPhysicsModel Create(string name, int components = 2) =>
        name == "template" ? new Template(new PhysicsOptions { Components = components })
            : ModelRegistry.CreatePhysics(name, new PhysicsOptions { Components = components });

    /// <summary>
    /// Forcings <c>[T, B, F]</c> whose second half repeats the first (so run-level quantities such as CemaNeige's
    /// snow threshold are the same for a half and the whole): rain on about half the days, −10…25 °C, PET 0–5 mm/d.
    /// </summary>
    static Tensor Forcings(IPhysicsModel model, long T, ScalarType dtype, Generator g)
    {
        long half = T / 2;
        var wet = rand(new long[] { half, B, 1 }, generator: g, dtype: ScalarType.Float64).gt(0.5).to(ScalarType.Float64);
        var prcp = wet * rand(new long[] { half, B, 1 }, generator: g, dtype: ScalarType.Float64) * 30;
        var tmean = rand(new long[] { half, B, 1 }, generator: g, dtype: ScalarType.Float64) * 35 - 10;
        var pet = rand(new long[] { half, B, 1 }, generator: g, dtype: ScalarType.Float64) * 5;
        var days = cat([prcp, tmean, pet], 2);                                              // [T/2, B, 3]
        return ZooReferenceData.For(model, cat([days, days], 0)).to(dtype);                 // [T, B, F]
    }

    /// <summary>Plausible values for the static attributes a model reads (elevation [m], area [km²]), each <c>[B]</c>.</summary>
    static Dictionary<string, Tensor> Attributes(IPhysicsModel model, ScalarType dtype) =>
        model.Declarations.Attributes.ToDictionary(a => a, _ => tensor(new[] { 300.0, 2100.0, 1200.0 }).to(dtype));

    static Tensor Routing(ScalarType dtype) => tensor(new[] { 0.5, 1.0, 2.0, 3.0, 1.2, 0.4 }).to(dtype).view(B, 2);   // [B, 2]

    [Theory]
    [MemberData(nameof(Names))]
    public void WaterBudget_Closes_OnAColdStartAndAContinuation(string name)
    {
        var model = Create(name);
        ForEachDtype(7, (dtype, g) =>
        {
            var forcings = Forcings(model, 120, dtype, g);
            var (_, parameters) = ZooReferenceData.Random(model, 120, B, g);
            var inputs = parameters.ToDictionary(kv => kv.Key, kv => kv.Value.to(dtype));
            foreach (var (label, result, _) in RunInHalves(model, forcings, inputs, Routing(dtype), Attributes(model, dtype)))
                AssertCloses(result.Budget!, dtype, $"{name} {dtype} {label}");
        });
    }

    /// <summary>
    /// Evaluation runs its chunks of basins side by side (<see cref="Core.Tensors.ChunkWorkers"/>): a model must give
    /// each basin, run in a chunk of its own on a worker thread beside the others, what the run of all basins at once
    /// gives it — no state shared between concurrent runs.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void Basins_run_side_by_side_in_chunks_of_one_give_the_run_of_all_at_once(string name)
    {
        var model = Create(name);
        using var scope = NewDisposeScope();
        var g = new Generator(11);
        const long T = 150;
        var forcings = Forcings(model, T, ScalarType.Float64, g);
        var (_, parameters) = ZooReferenceData.Random(model, T, B, g);
        var routing = Routing(ScalarType.Float64);
        var attributes = Attributes(model, ScalarType.Float64);
        PhysicsInput Basins(long first, long count) => new()
        {
            Forcings = forcings[.., (int)first..(int)(first + count)],
            Parameters = parameters.ToDictionary(kv => kv.Key, kv => kv.Value[.., (int)first..(int)(first + count)]),
            Routing = routing[(int)first..(int)(first + count)],
            Attributes = attributes.ToDictionary(kv => kv.Key, kv => kv.Value[(int)first..(int)(first + count)]),
        };
        IReadOnlyDictionary<string, Tensor> whole;
        using (no_grad()) whole = model.Run(Basins(0, B)).Series;

        var alone = new Dictionary<string, Tensor>[B];
        Core.Tensors.ChunkWorkers.Run((int)B, CPU, b =>
        {
            var series = model.Run(Basins(b, 1)).Series;
            alone[b] = series.ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().MoveToOuterDisposeScope());
        });
        foreach (var (key, all) in whole)
        {
            var pieces = cat(alone.Select(a => a[key]).ToArray(), 1);                            // [T, B]
            double scale = Math.Max(1e-9, all.abs().max().item<double>()), error = (pieces - all).abs().max().item<double>();
            Assert.True(error <= 1e-9 * scale, $"{name} {key}: basins run alone side by side differ by {error} (max |value| {scale})");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void WaterStores_StayNonNegative_AndSeriesFinite_AtParameterBounds(string name)
    {
        var model = Create(name);
        using var scope = NewDisposeScope();
        var (_, parameters) = ZooReferenceData.AtBounds(model, 200, ScalarType.Float64);
        var forcings = Forcings(model, 200, ScalarType.Float64, new Generator(3));
        using var noGrad = no_grad();
        var result = model.Run(new PhysicsInput
        {
            Forcings = forcings, Parameters = parameters, Routing = Routing(ScalarType.Float64), Attributes = Attributes(model, ScalarType.Float64),
        });
        var water = model.Declarations.Stores.Select((s, i) => (s, i)).Where(x => x.s.HoldsWater).Select(x => (long)x.i).ToArray();
        if (water.Length > 0)                                                              // gamma_routing holds no store
        {
            double lowest = result.FinalState.Stores.index_select(0, tensor(water)).min().item<double>();
            Assert.True(lowest >= 0, $"{name}: a water store ends at {lowest} mm");
        }
        foreach (var (key, series) in result.Series) Assert.True(series.isfinite().all().item<bool>(), $"{name}: {key} has non-finite values");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Outputs_AreTheDeclaredOnes_EachWithAUnit(string name)
    {
        var model = Create(name);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var g = new Generator(5);
        var (_, parameters) = ZooReferenceData.Random(model, 20, B, g);
        var result = model.Run(new PhysicsInput
        {
            Forcings = Forcings(model, 20, ScalarType.Float64, g), Parameters = parameters, Routing = Routing(ScalarType.Float64),
            Attributes = Attributes(model, ScalarType.Float64),
        });
        Assert.Equal(model.Declarations.OutputNames.Order(), result.Series.Keys.Order());
        Assert.Equal(model.Declarations.ScalarNames.Order(), result.Scalars.Keys.Order());
        foreach (var o in model.Declarations.Outputs.Concat(model.Declarations.Scalars))
            Assert.False(string.IsNullOrWhiteSpace(o.Unit), $"{name}: {o.Name} declares no unit");
        Assert.Equal(model.Declarations.Stores.Count, result.FinalState.Stores.shape[0]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void RunSplitInTwo_WithTheStateHandedOver_EqualsOneRun(string name)
    {
        var model = Create(name);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var g = new Generator(9);
        const long T = 60;
        var forcings = Forcings(model, T, ScalarType.Float64, g);
        var (_, parameters) = ZooReferenceData.Random(model, T, B, g);
        var whole = model.Run(new PhysicsInput
        {
            Forcings = forcings, Parameters = parameters, Routing = Routing(ScalarType.Float64), Attributes = Attributes(model, ScalarType.Float64),
        });
        var halves = RunInHalves(model, forcings, parameters, Routing(ScalarType.Float64), Attributes(model, ScalarType.Float64));
        foreach (var key in whole.Series.Keys)
        {
            var joined = cat([halves[0].Result.Series[key], halves[1].Result.Series[key]], 0);   // [T, B]
            double gap = (joined - whole.Series[key]).abs().max().item<double>();
            Assert.True(gap <= 1e-9, $"{name}: {key} differs by {gap:E2} between one run and two");
        }
        if (model.Declarations.Stores.Count == 0) return;                                  // gamma_routing: its state is the routing history
        double stores = (halves[1].Result.FinalState.Stores - whole.FinalState.Stores).abs().max().item<double>();
        Assert.True(stores <= 1e-9, $"{name}: final stores differ by {stores:E2}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Float64Gradients_MatchCentralFiniteDifferences(string name)
    {
        var model = Create(name);
        // Per-component parameters only: gamma_routing has none (GammaRoutingTests checks its routing gradients).
        if (model.Declarations.Parameters.Count == 0) return;
        using var scope = NewDisposeScope();
        var g = new Generator(13);
        const long T = 40;
        var forcings = Forcings(model, T, ScalarType.Float64, g);
        var (leaves, _) = ZooReferenceData.Random(model, T, B, g, requiresGrad: true);
        var weights = rand(new long[] { T, B }, generator: g, dtype: ScalarType.Float64);   // [T, B]
        // One random direction per parameter, scaled by its range, so every parameter moves a comparable share.
        var direction = model.Declarations.Parameters.ToDictionary(p => p.Name,
            p => (rand(leaves[p.Name].shape, generator: g, dtype: ScalarType.Float64) - 0.5) * (p.Upper - p.Lower));

        Tensor Loss(Func<string, Tensor> parameter)
        {
            var result = model.Run(new PhysicsInput
            {
                Forcings = forcings, Routing = Routing(ScalarType.Float64), Attributes = Attributes(model, ScalarType.Float64),
                Parameters = model.Declarations.Parameters.ToDictionary(p => p.Name, p => parameter(p.Name).unsqueeze(0).expand(T, B, model.Options.Components)),
            });
            return (result.Series["streamflow"] * weights).sum();
        }

        Loss(n => leaves[n]).backward();
        // No gradient (null) where a parameter acts only through an indicator (spec §2.10: CemaNeige's CTG, Snow-17's pxtemp).
        double analytic = model.Declarations.Parameters.Sum(p => leaves[p.Name].grad is { } grad ? (grad * direction[p.Name]).sum().item<double>() : 0);
        const double h = 1e-6;
        double numeric;
        using (no_grad())
            numeric = (Loss(n => leaves[n] + h * direction[n]).item<double>() - Loss(n => leaves[n] - h * direction[n]).item<double>()) / (2 * h);
        Assert.True(Math.Abs(analytic - numeric) <= 1e-5 * Math.Max(1, Math.Abs(numeric)),
            $"{name}: directional derivative {analytic:G10} (autograd) vs {numeric:G10} (finite differences)");
    }

    /// <summary>Basin 0: every parameter at its lower bound, basin 1 at its upper bound, basin 2 alternating.</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void SeriesAndGradients_StayFinite_AndBudgetCloses_AtBounds_UnderExtremeForcing(string name)
    {
        var model = Create(name);
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            using var scope = NewDisposeScope();
            ZooReferenceData.AssertFiniteAndClosedAtBounds(model, ZooReferenceData.For(model, ZooReferenceData.Extremes(B, dtype)), dtype, log,
                Attributes(model, dtype));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void HybridModel_TrainsThroughIt_FiniteLossAndNetworkGradients(string name)
    {
        using var scope = NewDisposeScope();
        // A model without per-component parameters (gamma_routing: only its routing ones) has none to make dynamic.
        IReadOnlyList<string> dynamic = Create(name).Declarations.Parameters is [{ } first, ..] ? [first.Name] : [];
        var physics = name == "template" ? new Template(new PhysicsOptions { Components = 2, DynamicParameters = dynamic })
            : ModelRegistry.CreatePhysics(name, new PhysicsOptions { Components = 2, DynamicParameters = dynamic });
        var (loss, finite, any) = ZooReferenceData.HybridForwardBackward(physics);
        log.WriteLine($"{name}: loss {loss}");
        Assert.True(double.IsFinite(loss), $"{name}: loss {loss}");
        Assert.True(finite && any, $"{name}: network gradients must be finite and not all zero");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Run_WithoutTape_LeavesNoLiveTensorsBehind(string name)
    {
        var model = Create(name);
        var g = new Generator(2);
        using var inputs = NewDisposeScope();
        var forcings = Forcings(model, 60, ScalarType.Float32, g);
        var parameters = ZooReferenceData.Random(model, 60, B, g).Inputs.ToDictionary(kv => kv.Key, kv => kv.Value.to(ScalarType.Float32));
        var routing = Routing(ScalarType.Float32);
        var attributes = Attributes(model, ScalarType.Float32);
        using var noGrad = no_grad();
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var run = NewDisposeScope())
            model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing, Attributes = attributes });
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
