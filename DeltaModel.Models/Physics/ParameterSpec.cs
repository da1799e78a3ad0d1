namespace DeltaModel.Models.Physics;

/// <summary>
/// One parameter of a physics model: name, physical bounds, unit and meaning. A network output <c>u ∈ (0, 1)</c>
/// (after a sigmoid) maps to <c>Lower + u · (Upper − Lower)</c>.
/// </summary>
/// <param name="Name">Name as used in configs and outputs, e.g. <c>parBETA</c>.</param>
/// <param name="Lower">Lower bound in <paramref name="Unit"/>.</param>
/// <param name="Upper">Upper bound in <paramref name="Unit"/>.</param>
/// <param name="Unit">Unit text, e.g. <c>mm</c>, <c>1/d</c>, <c>-</c>.</param>
/// <param name="Description">One line saying what the parameter does.</param>
/// <param name="CanBeDynamic">Whether the parameter may vary in time (routing parameters may not).</param>
public sealed record ParameterSpec(string Name, double Lower, double Upper, string Unit, string Description, bool CanBeDynamic = true)
{
    /// <summary>Maps a unit-interval value to physical units.</summary>
    public double Scale(double u) => Lower + u * (Upper - Lower);

    /// <summary>Maps a physical value back to the unit interval.</summary>
    public double Unscale(double value) => (value - Lower) / (Upper - Lower);
}
