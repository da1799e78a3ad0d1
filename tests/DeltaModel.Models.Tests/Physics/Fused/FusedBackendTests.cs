using System.Numerics;
using DeltaModel.Models.Physics;
using DeltaModel.Models.Physics.Scalar;
using DeltaModel.Tests.Shared;
using static DeltaModel.Models.Tests.Physics.WaterBudgetRuns;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics.Fused;

/// <summary>
/// Every registered model with a fused backend (HBV's hand-written kernel, or a step declared once as an
/// <c>IScalarStep</c> and run by the generic <c>FusedSteps</c>) against its tensor path, the autograd reference: same
/// outputs and final stores, same gradients w.r.t. parameters (static and dynamic) and forcings, gradients equal to
/// central finite differences, and a closed water budget. A model that declares its step is tested here by its
/// registry line alone.
/// </summary>
[Collection("PhysicsZoo")]
public class FusedBackendTests
{
    const long B = 3, C = 2, T = 100;

    /// <summary>Registry names whose model offers backend <c>fused</c>.</summary>
    public static TheoryData<string> Names => [.. ModelRegistry.PhysicsNames.Where(n => Create(n, "auto") is PhysicsModel { HasFusedKernel: true })];

    /// <summary>The model with its first parameter dynamic (so both the static and the dynamic path are exercised).</summary>
    static IPhysicsModel Create(string name, string backend, long components = C)
    {
        // gamma_routing has no per-component parameter to make dynamic (and no fused kernel).
        IReadOnlyList<string> dynamic = ModelRegistry.CreatePhysics(name, new PhysicsOptions()).Declarations.Parameters is [{ } first, ..] ? [first.Name] : [];
        return ModelRegistry.CreatePhysics(name, new PhysicsOptions { Components = (int)components, Backend = backend, DynamicParameters = dynamic });
    }

    static Dictionary<string, Tensor> Attributes(IPhysicsModel model, ScalarType dtype) =>
        model.Declarations.Attributes.ToDictionary(a => a, _ => tensor(new[] { 300.0, 2100.0, 1200.0 }).to(dtype));

    static Tensor Routing(ScalarType dtype) => tensor(new[] { 0.5, 1.0, 2.0, 3.0, 1.2, 0.4 }).to(dtype).view(B, 2);   // [B, 2]

    /// <summary>Rain on about half the days (0–30 mm/d), −10…25 °C, PET 0–5 mm/d, in the model's channels <c>[T, B, F]</c>.</summary>
    static Tensor Forcings(IPhysicsModel model, long days, Generator g)
    {
        var wet = rand(new long[] { days, B, 1 }, generator: g, dtype: ScalarType.Float64).gt(0.5).to(ScalarType.Float64);
        var prcp = wet * rand(new long[] { days, B, 1 }, generator: g, dtype: ScalarType.Float64) * 30;
        var tmean = rand(new long[] { days, B, 1 }, generator: g, dtype: ScalarType.Float64) * 35 - 10;
        var pet = rand(new long[] { days, B, 1 }, generator: g, dtype: ScalarType.Float64) * 5;
        return ZooReferenceData.For(model, cat([prcp, tmean, pet], 2));                    // [T, B, F]
    }

    static PhysicsResult Run(IPhysicsModel model, Tensor forcings, IReadOnlyDictionary<string, Tensor> parameters) =>
        model.Run(new PhysicsInput
        {
            Forcings = forcings, Parameters = parameters, Routing = Routing(forcings.dtype), Attributes = Attributes(model, forcings.dtype),
        });

    [Theory]
    [MemberData(nameof(Names))]
    public void FusedForward_MatchesTensorPath_OutputsAndFinalStores(string name)
    {
        var (tensorModel, fusedModel) = (Create(name, "tensor"), Create(name, "fused"));
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var g = new Generator(3);
            var forcings = Forcings(tensorModel, T, g).to(dtype);
            var parameters = ZooReferenceData.Random(tensorModel, T, B, g).Inputs.ToDictionary(kv => kv.Key, kv => kv.Value.to(dtype));
            var reference = Run(tensorModel, forcings, parameters);
            var fused = Run(fusedModel, forcings, parameters);
            // A chain of T days of C-component means, rounded in the run's dtype on the tensor path.
            double relative = Tolerance.Relative(dtype, terms: C, steps: (int)T);
            foreach (var (key, series) in reference.Series)
                Tolerance.AssertClose(series, fused.Series[key], relative, $"{name} {dtype} {key}");
            Tolerance.AssertClose(reference.FinalState.Stores, fused.FinalState.Stores, relative, $"{name} {dtype} final stores");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FusedGradients_MatchTensorPath_ForParametersAndForcings(string name)
    {
        var grads = new[] { "tensor", "fused" }.Select(backend =>
        {
            var model = Create(name, backend);
            var g = new Generator(11);
            var forcings = Forcings(model, T, g).requires_grad_();
            var (leaves, inputs) = ZooReferenceData.Random(model, T, B, g, requiresGrad: true);
            var result = Run(model, forcings, inputs);
            // Every output series with its own random weight, so every flux and store is reached by the backward.
            var loss = result.Series.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => (kv.Value * rand(kv.Value.shape, generator: g, dtype: ScalarType.Float64)).sum())
                .Aggregate((a, b) => a + b);
            loss.backward();
            // No gradient (null) where a parameter acts only through an indicator: the same as zeros.
            return leaves.ToDictionary(kv => kv.Key, kv => kv.Value.grad?.detach().clone() ?? zeros_like(kv.Value))
                .Append(new("forcings", forcings.grad!.detach().clone())).ToDictionary();
        }).ToArray();
        // Gradients are sums over T days and C components of chains up to T days long.
        double relative = Tolerance.Relative(ScalarType.Float64, terms: T * C, steps: (int)T);
        foreach (var (key, reference) in grads[0])
            Tolerance.AssertClose(reference, grads[1][key], relative, $"{name}: d loss / d {key}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FusedGradients_MatchCentralFiniteDifferences(string name)
    {
        var model = Create(name, "fused");
        using var scope = NewDisposeScope();
        var g = new Generator(13);
        const long days = 60;
        var forcings = Forcings(model, days, g).requires_grad_();
        var (leaves, _) = ZooReferenceData.Random(model, days, B, g, requiresGrad: true);
        var weights = rand(new long[] { days, B }, generator: g, dtype: ScalarType.Float64);   // [T, B]
        // A random direction per parameter scaled by its range, and one for the forcings: PET on every day, rain only
        // on days at ≥ 3 °C, where every model's snow split says rain. Snowfall would move run constants computed from
        // the forcings without gradient (CemaNeige's Gthreshold, as in the tensor path), which finite differences see.
        var direction = model.Declarations.Parameters.ToDictionary(p => p.Name,
            p => (rand(leaves[p.Name].shape, generator: g, dtype: ScalarType.Float64) - 0.5) * (p.Upper - p.Lower));
        var names = model.Declarations.Forcings;
        var moves = zeros_like(forcings, requires_grad: false);                              // [T, B, F] 1 where a forcing moves
        using (no_grad())
        {
            var warm = names.Contains("tmean") ? forcings[.., .., names.ToList().IndexOf("tmean")].ge(3.0) : ones(days, B, dtype: ScalarType.Bool);
            moves[.., .., names.ToList().IndexOf("prcp")] = (forcings[.., .., names.ToList().IndexOf("prcp")].gt(0.5).logical_and(warm)).to(ScalarType.Float64);
            moves[.., .., names.ToList().IndexOf("pet")] = ones(days, B, dtype: ScalarType.Float64);
        }
        var forcingDirection = (rand(forcings.shape, generator: g, dtype: ScalarType.Float64) - 0.5) * moves;

        Tensor Loss(Func<string, Tensor> parameter, Tensor f)
        {
            var dynamic = model.Options.DynamicParameters;
            var result = Run(model, f, model.Declarations.Parameters.ToDictionary(p => p.Name,
                p => dynamic.Contains(p.Name) ? parameter(p.Name) : parameter(p.Name).unsqueeze(0).expand(days, B, C)));
            return (result.Series["streamflow"] * weights).sum();
        }

        Loss(n => leaves[n], forcings).backward();
        double analytic = model.Declarations.Parameters.Sum(p => leaves[p.Name].grad is { } grad ? (grad * direction[p.Name]).sum().item<double>() : 0)
            + (forcings.grad! * forcingDirection).sum().item<double>();
        const double h = 1e-6;
        double numeric;
        using (no_grad())
            numeric = (Loss(n => leaves[n] + h * direction[n], forcings + h * forcingDirection).item<double>()
                       - Loss(n => leaves[n] - h * direction[n], forcings - h * forcingDirection).item<double>()) / (2 * h);
        Assert.True(Math.Abs(analytic - numeric) <= 1e-5 * Math.Max(1, Math.Abs(numeric)),
            $"{name}: directional derivative {analytic:G10} (fused adjoint) vs {numeric:G10} (finite differences)");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FusedRun_ClosesTheWaterBudget_OnAColdStartAndAContinuation(string name)
    {
        var model = Create(name, "fused");
        ForEachDtype(7, (dtype, g) =>
        {
            var forcings = Forcings(model, 120, g).to(dtype);
            var parameters = ZooReferenceData.Random(model, 120, B, g).Inputs.ToDictionary(kv => kv.Key, kv => kv.Value.to(dtype));
            foreach (var (label, result, _) in RunInHalves(model, forcings, parameters, Routing(dtype), Attributes(model, dtype)))
                AssertCloses(result.Budget!, dtype, $"{name} {dtype} {label}");
        });
    }

    /// <summary>The models whose fused backend is a declared step run by <c>FusedSteps</c> (HBV 1.0–2.0 have their own kernel).</summary>
    public static TheoryData<string> DeclaredSteps => ["gr4j", "gr4j_cemaneige", "sac_sma", "prms", "hbv_edu"];

    [Theory]
    [MemberData(nameof(DeclaredSteps))]
    public void LaneGroupsAndKeptStores_EqualTheReferencePath_ForwardBitForBit_AndGradients(string name)
    {
        Assert.True(Create(name, "auto") is PhysicsModel { HasFusedKernel: true }, $"{name} has no fused backend");
        // Lane groups (SIMD) and stores kept from forward to backward against components one at a time with stores
        // recomputed. One component (no lane group), a group and a ragged remainder, two groups and nothing left over.
        int width = Vector<double>.Count;
        foreach (long components in new long[] { 1, width + 1, 2 * width })
        {
            var model = Create(name, "fused", components);
            (PhysicsResult Result, Dictionary<string, Tensor> Gradients) Run_(bool reference)
            {
                using var path = reference ? FusedSteps.ReferencePath() : null;
                var g = new Generator(17);
                var forcings = Forcings(model, 60, g).requires_grad_();
                var (leaves, inputs) = ZooReferenceData.Random(model, 60, B, g, requiresGrad: true);
                var result = Run(model, forcings, inputs);
                result.Series.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => (kv.Value * rand(kv.Value.shape, generator: g, dtype: ScalarType.Float64)).sum())
                    .Aggregate((a, b) => a + b).backward();
                var gradients = leaves.ToDictionary(kv => kv.Key, kv => kv.Value.grad?.detach().clone() ?? zeros_like(kv.Value));
                gradients["forcings"] = forcings.grad!.detach().clone();
                return (result, gradients);
            }
            var (single, lanes) = (Run_(reference: true), Run_(reference: false));
            foreach (var (key, series) in single.Result.Series)
                Assert.True(series.eq(lanes.Result.Series[key]).all().item<bool>(), $"{name} C={components}: {key} differs between lane groups and one at a time");
            Assert.True(single.Result.FinalState.Stores.eq(lanes.Result.FinalState.Stores).all().item<bool>(), $"{name} C={components}: final stores differ");
            // Kept stores are the recomputed ones bit for bit; a lane group records a node where lanes choose differently,
            // which reorders a few sums: rounding only.
            foreach (var (key, gradient) in single.Gradients)
                Tolerance.AssertClose(gradient, lanes.Gradients[key], 1e-12, $"{name} C={components}: d loss / d {key}");
        }
    }
}
