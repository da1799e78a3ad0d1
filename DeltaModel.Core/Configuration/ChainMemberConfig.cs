namespace DeltaModel.Core.Configuration;

/// <summary>
/// One member of <c>model.physics.chain</c> (physics models in sequence, docs/coupling.md): a registered physics model
/// and the keys that differ from member to member. The keys the whole chain shares (<c>nmul</c>, <c>near_zero</c>,
/// <c>warm_up_states</c>, <c>carry_routing_through_warm_up</c>, <c>dy_drop</c>, and <c>forcing_map</c> from the
/// dataset to the first member) stay in <c>model.physics</c>.
/// </summary>
public sealed record ChainMemberConfig : IConfigSection
{
    /// <summary>Physics model name from the registry, e.g. <c>hbv</c> or <c>gamma_routing</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Its own gamma unit-hydrograph routing; null = the chain's <c>routing</c> (on by default).</summary>
    [ConfigOmitWhenNull]
    public bool? Routing { get; init; }

    /// <summary>Its implementation (<c>auto</c>, <c>tensor</c>, <c>fused</c>); null = the chain's <c>backend</c>.</summary>
    [ConfigOmitWhenNull]
    public string? Backend { get; init; }

    /// <summary>Its parameters that vary in time.</summary>
    [ConfigKey("dynamic_parameters", "dynamic_params")]
    public IReadOnlyList<string> DynamicParameters { get; init; } = [];

    /// <summary>
    /// For every member after the first: its forcing name → the output of an earlier member it reads, where they
    /// differ (default: the same name).
    /// </summary>
    public IReadOnlyDictionary<string, string> ForcingMap { get; init; } = new Dictionary<string, string>();

    /// <summary>Model-specific switches by name (YAML key <c>options</c>), checked by the model.</summary>
    [ConfigKey("options")]
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>The member's own <c>model.physics</c> section: the chain's shared keys with this member's.</summary>
    public PhysicsConfig Within(PhysicsConfig chain) => chain with
    {
        Name = Name,
        Routing = Routing ?? chain.Routing,
        Backend = Backend ?? chain.Backend,
        DynamicParameters = DynamicParameters,
        ForcingMap = ForcingMap,
        Extra = Extra,
        Chain = null,
    };

    public void Validate(ConfigErrors errors, string path)
    {
        if (string.IsNullOrWhiteSpace(Name)) errors.Expected($"{path}.name", "a registered physics model name", Name);
        if (Backend is not (null or "auto" or "tensor" or "fused")) errors.Expected($"{path}.backend", "auto, tensor or fused", Backend);
    }
}
