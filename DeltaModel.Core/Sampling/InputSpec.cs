namespace DeltaModel.Core.Sampling;

/// <summary>What a model reads from a dataset, every item by name.</summary>
/// <param name="NetworkForcings">Dynamic network inputs (normalized), e.g. prcp, tmean, pet.</param>
/// <param name="NetworkAttributes">Static network inputs (normalized), e.g. p_mean, aridity.</param>
/// <param name="LogNorm">Network forcings that take the log-sqrt transform.</param>
/// <param name="PhysicsForcings">Raw forcings for the physics, as dataset variable names, in the physics' channel order.</param>
/// <param name="PhysicsAttributes">Raw static attributes for the physics.</param>
/// <param name="Target">Observed target variable (streamflow, mm/d).</param>
public sealed record InputSpec(
    IReadOnlyList<string> NetworkForcings,
    IReadOnlyList<string> NetworkAttributes,
    IReadOnlyList<string> LogNorm,
    IReadOnlyList<string> PhysicsForcings,
    IReadOnlyList<string> PhysicsAttributes,
    string Target);
