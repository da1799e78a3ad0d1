using DeltaModel.Models.Physics;
using static TorchSharp.torch;

namespace DeltaModel.Models.Tests.Physics;

/// <summary>Synthetic but realistic HBV inputs: seasonal temperature with snow winters, intermittent rain, Hamon-like PET.</summary>
internal static class HbvTestData
{
    /// <summary>Forcings <c>[T, B, 3]</c>: prcp (mm/d, ~45 % wet days), tmean (°C, −12…22 seasonal + noise), pet (mm/d).</summary>
    public static Tensor Forcings(long T, long B, ScalarType dtype, Generator gen)
    {
        var day = arange(T, dtype: ScalarType.Float64).unsqueeze(1);                                        // [T, 1]
        var offset = rand(1, B, generator: gen, dtype: ScalarType.Float64) * 40;                           // [1, B]
        var season = sin(2 * Math.PI * (day + offset - 110) / 365.25);                                      // [T, B]
        var temp = 5 + 17 * season + 3 * randn(T, B, generator: gen, dtype: ScalarType.Float64);
        var wet = rand(T, B, generator: gen, dtype: ScalarType.Float64).lt(0.45).to(ScalarType.Float64);
        var prcp = wet * (-log(rand(T, B, generator: gen, dtype: ScalarType.Float64) + 1e-12)) * 6;       // exponential, mean 6 mm
        var pet = (0.3 + 2.2 * (season + 1) / 2) * (0.8 + 0.4 * rand(T, B, generator: gen, dtype: ScalarType.Float64));
        return stack([prcp, temp, pet], 2).to(dtype);                                                      // [T, B, 3]
    }

    /// <summary>
    /// Parameters inside their bounds (u ∈ [0.1, 0.9]) as leaves: static <c>[B, C]</c>, dynamic <c>[T, B, C]</c>;
    /// and the <c>[T, B, C]</c> views a model takes.
    /// </summary>
    public static (Dictionary<string, Tensor> Leaves, Dictionary<string, Tensor> Inputs) Parameters(
        IPhysicsModel model, long T, long B, ScalarType dtype, Generator gen, bool requiresGrad = false)
    {
        long C = model.Options.Components;
        var leaves = new Dictionary<string, Tensor>();
        var inputs = new Dictionary<string, Tensor>();
        foreach (var p in model.Declarations.Parameters)
        {
            bool dynamic = model.Options.DynamicParameters.Contains(p.Name);
            var u = 0.1 + 0.8 * rand(dynamic ? new[] { T, B, C } : new[] { B, C }, generator: gen, dtype: ScalarType.Float64);
            var leaf = (p.Lower + u * (p.Upper - p.Lower)).to(dtype);
            if (requiresGrad) leaf.requires_grad_();
            leaves[p.Name] = leaf;
            inputs[p.Name] = dynamic ? leaf : leaf.unsqueeze(0).expand(T, B, C);
        }
        return (leaves, inputs);
    }

    /// <summary>Routing parameters <c>[B, 2]</c> in bounds.</summary>
    public static Tensor Routing(long B, ScalarType dtype, Generator gen) =>
        (rand(B, 2, generator: gen, dtype: ScalarType.Float64) * tensor(new[] { 2.9, 6.5 })).to(dtype);

    /// <summary>Builds a model from the registry with the usual test options.</summary>
    public static IPhysicsModel Model(string name, string backend, int components, params string[] dynamic) =>
        ModelRegistry.CreatePhysics(name, new PhysicsOptions { Components = components, Backend = backend, DynamicParameters = dynamic });

    /// <summary>The dynamic parameters the example configs use for each model.</summary>
    public static string[] TypicalDynamic(string name) =>
        name == "hbv_1_1p" ? ["parBETA", "parK0", "parBETAET"] : ["parBETA", "parBETAET"];
}
