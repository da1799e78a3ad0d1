namespace DeltaModel.Models.Physics;

/// <summary>
/// What a physics model needs and produces, by name and unit: the tables the composition (<c>DeltaModel</c>) maps
/// network outputs to, and the writers take units from. A model builds them once, in its constructor.
/// </summary>
public sealed record PhysicsDeclarations
{
    /// <summary>Forcing names, in the channel order of <see cref="PhysicsInput.Forcings"/> (e.g. prcp, tmean, pet).</summary>
    public required IReadOnlyList<string> Forcings { get; init; }

    /// <summary>Static attributes the model itself needs (e.g. elevation); usually empty.</summary>
    public IReadOnlyList<string> Attributes { get; init; } = [];

    /// <summary>Per-component physical parameters, in network-channel order.</summary>
    public required IReadOnlyList<ParameterSpec> Parameters { get; init; }

    /// <summary>Per-basin routing parameters (static only); empty when the model does not route. Set by
    /// <see cref="PhysicsModel"/> from <see cref="PhysicsOptions.Routing"/>.</summary>
    public IReadOnlyList<ParameterSpec> RoutingParameters { get; init; } = [];

    /// <summary>Stores, in the order of <see cref="PhysicsState.Stores"/>.</summary>
    public required IReadOnlyList<StoreSpec> Stores { get; init; }

    /// <summary>The daily series of <see cref="PhysicsResult.Series"/>, in output order.</summary>
    public required IReadOnlyList<OutputSpec> Outputs { get; init; }

    /// <summary>Per-basin scalars of <see cref="PhysicsResult.Scalars"/>, e.g. <c>BFI</c>.</summary>
    public IReadOnlyList<OutputSpec> Scalars { get; init; } = [];

    /// <summary>Processes of the daily step a network may replace (docs/coupling.md); empty for most models.</summary>
    public IReadOnlyList<ProcessSpec> Processes { get; init; } = [];

    /// <summary>Store names, in state order.</summary>
    public IReadOnlyList<string> StoreNames => [.. Stores.Select(s => s.Name)];

    /// <summary>Series names, in output order.</summary>
    public IReadOnlyList<string> OutputNames => [.. Outputs.Select(o => o.Name)];

    /// <summary>Scalar names.</summary>
    public IReadOnlyList<string> ScalarNames => [.. Scalars.Select(o => o.Name)];

    /// <summary>The declared unit of a series or scalar.</summary>
    /// <exception cref="ArgumentException">The model has no such output.</exception>
    public string UnitOf(string name) =>
        Outputs.Concat(Scalars).FirstOrDefault(o => o.Name == name)?.Unit
        ?? throw new ArgumentException($"the model has no output '{name}'; outputs: {string.Join(", ", OutputNames.Concat(ScalarNames))}.");
}
