namespace DeltaModel.Models.Physics;

/// <summary>One store of a physics model: a state carried from one day to the next (<see cref="PhysicsState.Stores"/>).</summary>
/// <param name="Name">Name as used in outputs and state files, e.g. <c>SM</c>.</param>
/// <param name="Unit">Unit text, e.g. <c>mm</c> or <c>°C</c>.</param>
/// <param name="HoldsWater">Whether the store is water in the basin and so part of the mass budget's storage change
/// (false for a heat deficit, a temperature index or a memory term).</param>
public sealed record StoreSpec(string Name, string Unit, bool HoldsWater = true);
