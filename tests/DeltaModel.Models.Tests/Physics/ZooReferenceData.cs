using System.Globalization;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Sampling;
using DeltaModel.Models.Composition;
using DeltaModel.Models.Physics;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics;

/// <summary>
/// The physics-zoo test classes run one after the other: run in parallel, they intermittently failed inside libtorch
/// with "Unknown scalar type" on an implicit alpha Scalar of <c>Tensor.add</c>: a TorchSharp Scalar finalized during
/// the native call. The models now use <c>KeptScalars</c> (docs/platform.md); the collection stays for CPU reasons.
/// </summary>
[CollectionDefinition("PhysicsZoo")]
public sealed class PhysicsZooCollection;

/// <summary>
/// Reference runs and real forcing for the physics-zoo tests, read from <c>&lt;repo&gt;/../shared/data</c>
/// (rrmpg_reference, hydromodels_jl_samples, airgr_basins; see their SOURCE.md).
/// </summary>
internal static class ZooReferenceData
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string SharedData { get; } = Path.Combine(TestData.Shared, "data");

    /// <summary>Rows of a delimited text file without its header, split into fields.</summary>
    public static List<string[]> Rows(string relative, char separator, bool header = true) =>
        File.ReadLines(Path.Combine(SharedData, relative)).Skip(header ? 1 : 0).Where(l => l.Trim().Length > 0)
            .Select(l => l.Trim().Split(separator)).ToList();

    public static double D(string s) => double.Parse(s, NumberStyles.Float, Inv);

    /// <summary>Durance at Embrun (airGR X0310010), 1999-01-01 → 2010-07-31: P, T, E [mm/d, °C] as <c>[T, 1, 3]</c> float64 (prcp, tmean, pet).</summary>
    public static Tensor Durance(long days = long.MaxValue)
    {
        var rows = Rows("airgr_basins/data/X0310010_BasinObs.csv", ',').Take((int)Math.Min(days, int.MaxValue)).ToList();
        var values = rows.SelectMany(r => new[] { D(r[1]), D(r[2]), D(r[3]) }).ToArray();
        return tensor(values, dtype: ScalarType.Float64).view(rows.Count, 1, 3);          // [T, 1, 3]
    }

    /// <summary>Static parameters as <c>[T, B, C]</c> stride-0 views (as the mapper makes them).</summary>
    public static Dictionary<string, Tensor> Static(IPhysicsModel model, long T, IReadOnlyDictionary<string, double> values, long B = 1) =>
        model.Declarations.Parameters.ToDictionary(p => p.Name, p =>
            full(new long[] { B, model.Options.Components }, values[p.Name], dtype: ScalarType.Float64).unsqueeze(0).expand(T, B, model.Options.Components));

    /// <summary>Random in-bound parameter leaves (u ∈ [0.1, 0.9]): static <c>[B, C]</c>, dynamic <c>[T, B, C]</c>; and the <c>[T, B, C]</c> inputs.</summary>
    public static (Dictionary<string, Tensor> Leaves, Dictionary<string, Tensor> Inputs) Random(IPhysicsModel model, long T, long B, Generator gen, bool requiresGrad = false, double lo = 0.1, double hi = 0.9)
    {
        var leaves = new Dictionary<string, Tensor>();
        var inputs = new Dictionary<string, Tensor>();
        long C = model.Options.Components;
        foreach (var p in model.Declarations.Parameters)
        {
            bool dynamic = model.Options.DynamicParameters.Contains(p.Name);
            var u = lo + (hi - lo) * rand(dynamic ? new[] { T, B, C } : new[] { B, C }, generator: gen, dtype: ScalarType.Float64);
            var leaf = p.Lower + u * (p.Upper - p.Lower);
            if (requiresGrad) leaf.requires_grad_();
            leaves[p.Name] = leaf;
            inputs[p.Name] = dynamic ? leaf : leaf.unsqueeze(0).expand(T, B, C);
        }
        return (leaves, inputs);
    }

    /// <summary>Forcings in a model's channel order from a prcp/tmean/pet tensor <c>[T, B, 3]</c>.</summary>
    public static Tensor For(IPhysicsModel model, Tensor prcpTempPet)
    {
        var channels = model.Declarations.Forcings.Select(f => f switch
        {
            "prcp" => prcpTempPet[.., .., 0],
            "tmean" => prcpTempPet[.., .., 1],
            "pet" => prcpTempPet[.., .., 2],
            "streamflow" => prcpTempPet[.., .., 0] * 0.4,                                      // runoff for gamma_routing: a share of the rain
            _ => throw new ArgumentException($"no test channel for forcing {f}"),
        }).ToList();
        return stack(channels, 2);                                                          // [T, B, F]
    }

    /// <summary>Extreme forcing, <c>[640, B, 3]</c>: a year without rain (35 °C, PET 12 mm/d), 120 days of 300 mm/d
    /// storms every third day at mixed temperatures, 120 days at −40 °C with 20 mm/d of snow, then a 35-day thaw at 25 °C.</summary>
    public static Tensor Extremes(long B, ScalarType dtype)
    {
        const int Dry = 365, Storm = Dry + 120, Cold = Storm + 120, End = Cold + 35;
        var t = arange(End, dtype: ScalarType.Float64);
        var prcp = where(t.lt(Dry), zeros_like(t), where(t.lt(Storm), where((t % 3).eq(0), full_like(t, 300.0), zeros_like(t)), where(t.lt(Cold), full_like(t, 20.0), zeros_like(t))));
        var temp = where(t.lt(Dry), full_like(t, 35.0), where(t.lt(Storm), 15 * sin(t / 5), where(t.lt(Cold), full_like(t, -40.0), full_like(t, 25.0))));
        var pet = where(t.lt(Dry), full_like(t, 12.0), where(t.lt(Storm), full_like(t, 3.0), where(t.lt(Cold), zeros_like(t), full_like(t, 5.0))));
        return stack([prcp, temp, pet], 1).unsqueeze(1).expand(End, B, 3).to(dtype).contiguous();   // [T, B, 3]
    }

    /// <summary>
    /// Parameters at their bounds as leaves <c>[3, C]</c>, one set per basin: all lower, all upper, alternating
    /// (even channels lower, odd upper); and the <c>[T, 3, C]</c> inputs.
    /// </summary>
    public static (List<Tensor> Leaves, Dictionary<string, Tensor> Inputs) AtBounds(IPhysicsModel model, long T, ScalarType dtype)
    {
        long C = model.Options.Components;
        var leaves = model.Declarations.Parameters.Select((p, i) => tensor(new[] { p.Lower, p.Upper, i % 2 == 0 ? p.Lower : p.Upper }).to(dtype)
            .view(3, 1).expand(3, C).contiguous().requires_grad_()).ToList();                // [3, C]
        var inputs = model.Declarations.Parameters.Select((p, i) => (p.Name, leaves[i].unsqueeze(0).expand(T, 3, C))).ToDictionary(x => x.Name, x => x.Item2);
        return (leaves, inputs);
    }

    /// <summary>
    /// Runs <paramref name="model"/> (3 basins, routed) with its parameters at their bounds on <paramref name="forcings"/>
    /// and asserts every series and every parameter gradient is finite and the water budget closes.
    /// </summary>
    /// <param name="attributes">The static attributes the model reads (<see cref="PhysicsDeclarations.Attributes"/>), each <c>[3]</c>.</param>
    public static void AssertFiniteAndClosedAtBounds(IPhysicsModel model, Tensor forcings, ScalarType dtype, Xunit.Abstractions.ITestOutputHelper log,
        IReadOnlyDictionary<string, Tensor>? attributes = null)
    {
        var (leaves, parameters) = AtBounds(model, forcings.shape[0], dtype);
        var routing = tensor(new[] { 0.0, 0.0, 2.9, 6.5, 1.0, 3.0 }).to(dtype).view(3, 2);
        var result = model.Run(new PhysicsInput { Forcings = forcings, Parameters = parameters, Routing = routing, Attributes = attributes });
        foreach (var (k, v) in result.Series) Assert.True(v.isfinite().all().item<bool>(), $"{dtype}: {k} not finite");
        if (leaves.Count > 0) result.Series["streamflow"].sum().backward();                // gamma_routing: no per-component parameter
        foreach (var (leaf, p) in leaves.Zip(model.Declarations.Parameters))
            Assert.True(leaf.grad is null || leaf.grad.isfinite().all().item<bool>(), $"{dtype}: d/d{p.Name} not finite");   // null: no path (CTG)
        double residual = result.Budget!.MaxRelativeResidual();
        log.WriteLine($"{model.Name} {dtype}: max streamflow {result.Series["streamflow"].to(ScalarType.Float64).max().item<double>():F1} mm/d, relative residual {residual:E2}");
        Assert.True(residual <= (dtype == ScalarType.Float64 ? 1e-12 : 1e-5), $"{dtype}: relative residual {residual:E2}");
    }

    /// <summary>A tiny LSTM → physics model and a synthetic batch; returns the loss after forward and backward.</summary>
    public static (double Loss, bool GradientsFinite, bool AnyGradient) HybridForwardBackward(IPhysicsModel physics, int warmUp = 20, long T = 60, long B = 3)
    {
        manual_seed(5);
        var spec = new InputSpec(["prcp", "tmean", "pet"], ["p_mean"], [], physics.Declarations.Forcings, physics.Declarations.Attributes, "streamflow");
        using var model = new HybridModel(new NeuralNetworkConfig { HiddenSize = 8, Dropout = 0 }, physics, spec, warmUp);
        var g = new Generator(11);
        var prcp = rand(new long[] { T, B, 1 }, generator: g) * 15;
        var tmean = rand(new long[] { T, B, 1 }, generator: g) * 25 - 10;
        var pet = rand(new long[] { T, B, 1 }, generator: g) * 4;
        var byName = new Dictionary<string, Tensor> { ["prcp"] = prcp, ["tmean"] = tmean, ["pet"] = pet, ["streamflow"] = prcp * 0.4 };
        using var batch = new ModelBatch
        {
            NetworkForcings = randn(new long[] { T, B, 3 }, generator: g),
            NetworkAttributes = randn(new long[] { B, 1 }, generator: g),
            PhysicsForcings = cat(physics.Declarations.Forcings.Select(f => byName[f]).ToList(), 2),
            // The attributes the model reads (HBV 2.0: elevation [m], area [km²]): plausible values on both sides of its thresholds.
            PhysicsAttributes = (rand(new long[] { B, physics.Declarations.Attributes.Count }, generator: g) * 3000 + 100),
            Target = rand(new long[] { T, B }, generator: g) * 4,
            Basins = [0, 1, 2],
            Starts = [0, 0, 0],
        };
        model.Module.train(true);
        var q = model.Forward(batch).Series["streamflow"];
        var loss = (q - batch.Target[warmUp..]).pow(2).mean();
        loss.backward();
        var grads = model.Module.parameters().Select(p => p.grad).Where(gr => gr is not null).ToList();
        bool finite = grads.All(gr => gr!.isfinite().all().item<bool>());
        bool any = grads.Any(gr => gr!.abs().sum().item<float>() > 0);
        return (loss.item<float>(), finite, any);
    }
}
