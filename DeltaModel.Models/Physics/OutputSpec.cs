namespace DeltaModel.Models.Physics;

/// <summary>One output of a physics model: a daily series (<see cref="PhysicsResult.Series"/>) or a per-basin scalar
/// (<see cref="PhysicsResult.Scalars"/>), with the unit writers put in their files.</summary>
/// <param name="Name">Name as used in outputs, e.g. <c>streamflow</c>.</param>
/// <param name="Unit">Unit text, e.g. <c>mm/d</c>, <c>mm</c>, <c>°C</c>, <c>%</c>, <c>-</c>.</param>
public sealed record OutputSpec(string Name, string Unit)
{
    /// <summary>Outputs sharing one unit, in order.</summary>
    public static IEnumerable<OutputSpec> All(string unit, params IEnumerable<string> names) => names.Select(n => new OutputSpec(n, unit));
}
