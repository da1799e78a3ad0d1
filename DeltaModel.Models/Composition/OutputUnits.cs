using DeltaModel.Models.Physics;

namespace DeltaModel.Models.Composition;

/// <summary>
/// The unit of every variable a model's simulation holds, from what the physics model declares
/// (<see cref="PhysicsDeclarations.Outputs"/>, <see cref="PhysicsDeclarations.Scalars"/>, parameter units), for the
/// writers that put units in their files (<c>NetCdfWriter</c>).
/// </summary>
public static class OutputUnits
{
    /// <summary>Prefix of the per-basin learned-parameter scalars (<see cref="HybridModel.Forward"/>).</summary>
    public const string ParameterPrefix = "param_";

    /// <summary>Unit of a network-only model's target: datasets deliver streamflow in mm/d (docs/data.md).</summary>
    public const string NetworkTargetUnit = "mm/d";

    /// <summary>Units by variable name: series, scalars, <c>param_*</c> scalars and <c>observed</c> (the target's unit).</summary>
    /// <param name="physics">The physics model, or null for a network-only model.</param>
    /// <param name="target">The simulated target series (e.g. <c>streamflow</c>).</param>
    public static IReadOnlyDictionary<string, string> For(IPhysicsModel? physics, string target)
    {
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        if (physics is null) units[target] = NetworkTargetUnit;
        else
        {
            var d = physics.Declarations;
            foreach (var o in d.Outputs.Concat(d.Scalars)) units[o.Name] = o.Unit;
            foreach (var p in d.Parameters.Concat(d.RoutingParameters)) units[ParameterPrefix + p.Name] = p.Unit;
        }
        if (units.TryGetValue(target, out var unit))
        {
            units["observed"] = unit;
            // The residual coupling mode keeps the uncorrected target and the correction beside it (ResidualCorrection).
            units[target + "_physics"] = units[target + "_correction"] = unit;
        }
        return units;
    }
}
