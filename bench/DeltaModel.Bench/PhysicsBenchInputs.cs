using DeltaModel.Models.Physics;
using static TorchSharp.torch;

namespace DeltaModel.Bench;

/// <summary>
/// Synthetic float32 inputs of the HBV physics benchmarks (<see cref="PhysicsBench"/>, <see cref="PhysicsLargeBench"/>):
/// rain on about half the days, a seasonal temperature, random PET, parameters inside their bounds as leaves with
/// gradient, routing parameters with gradient. The draw order is fixed, so a seed gives the same inputs everywhere.
/// </summary>
internal sealed class PhysicsBenchInputs
{
    readonly long T, B, C;

    /// <param name="model">The model whose parameters are drawn (<see cref="PhysicsOptions.DynamicParameters"/> get a time axis).</param>
    /// <param name="gen">Generator for every draw.</param>
    public PhysicsBenchInputs(IPhysicsModel model, long T, long B, Generator gen)
    {
        (this.T, this.B, C) = (T, B, model.Options.Components);
        var prcp = rand(T, B, generator: gen).lt(0.5).to(ScalarType.Float32) * rand(T, B, generator: gen) * 20;
        var temp = 5 + 15 * sin(arange(T, dtype: ScalarType.Float32) / 58.0f).unsqueeze(1).expand(T, B);
        var pet = 1 + 3 * rand(T, B, generator: gen);
        Forcings = stack([prcp, temp, pet], 2);                                              // [T, B, 3]
        Leaves = model.Declarations.Parameters.ToDictionary(p => p.Name, p =>
        {
            var shape = model.Options.DynamicParameters.Contains(p.Name) ? new[] { T, B, C } : new[] { B, C };
            return (p.Lower + (0.1 + 0.8 * rand(shape, generator: gen)) * (p.Upper - p.Lower)).requires_grad_();
        });
        Routing = (rand(B, 2, generator: gen) * tensor(new[] { 2.9f, 6.5f })).requires_grad_();   // [B, 2]
    }

    /// <summary>prcp [mm/d], tmean [°C], pet [mm/d], <c>[T, B, 3]</c>.</summary>
    public Tensor Forcings { get; }

    /// <summary>Parameters by name: dynamic ones <c>[T, B, C]</c>, static ones <c>[B, C]</c>; gradients collect here.</summary>
    public Dictionary<string, Tensor> Leaves { get; }

    /// <summary>route_a, route_b <c>[B, 2]</c>.</summary>
    public Tensor Routing { get; }

    /// <summary>Every tensor above (to move them out of a setup scope).</summary>
    public IEnumerable<Tensor> All => Leaves.Values.Append(Forcings).Append(Routing);

    /// <summary>A run's input: the leaves as the <c>[T, B, C]</c> views a model takes (static ones expanded over time).</summary>
    public PhysicsInput Input() => new()
    {
        Forcings = Forcings,
        Parameters = Leaves.ToDictionary(kv => kv.Key, kv => kv.Value.dim() == 3 ? kv.Value : kv.Value.unsqueeze(0).expand(T, B, C)),
        Routing = Routing,
    };
}
