namespace DeltaModel.Core.Sampling;

/// <summary>What a model reads from a dataset, every item by name.</summary>
/// <param name="NetworkForcings">Dynamic network inputs (normalized), e.g. prcp, tmean, pet.</param>
/// <param name="NetworkAttributes">Static network inputs (normalized), e.g. p_mean, aridity.</param>
/// <param name="LogNorm">Network forcings that take the log-sqrt transform.</param>
/// <param name="PhysicsForcings">Raw forcings for the physics, as dataset variable names, in the physics' channel order.</param>
/// <param name="PhysicsAttributes">Raw static attributes for the physics.</param>
/// <param name="Target">Observed primary target variable (e.g. streamflow, mm/d).</param>
/// <param name="OtherTargets">Further observed variables trained against (<c>train.targets</c> after the first); null = none.</param>
public sealed record InputSpec(
    IReadOnlyList<string> NetworkForcings,
    IReadOnlyList<string> NetworkAttributes,
    IReadOnlyList<string> LogNorm,
    IReadOnlyList<string> PhysicsForcings,
    IReadOnlyList<string> PhysicsAttributes,
    string Target,
    IReadOnlyList<string>? OtherTargets = null)
{
    /// <summary>Every observed variable the model is trained against, the primary <see cref="Target"/> first.</summary>
    public IReadOnlyList<string> Targets => [Target, .. OtherTargets ?? []];
}
