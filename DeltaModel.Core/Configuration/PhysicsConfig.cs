namespace DeltaModel.Core.Configuration;

/// <summary>
/// Section <c>model.physics</c>: the process-based model the network parameterizes (absent = plain network). The
/// physics models are built from this record itself (in DeltaModel.Models it is also spelt <c>PhysicsOptions</c>);
/// model-specific switches go in <see cref="Extra"/> and are checked by the model.
/// </summary>
public sealed record PhysicsConfig : IConfigSection
{
    /// <summary>Physics model name from the registry, e.g. <c>hbv</c>.</summary>
    public string Name { get; init; } = "hbv";

    /// <summary>Parallel parameter sets averaged into one output (δMG's <c>nmul</c>). Range: ≥ 1.</summary>
    [ConfigKey("nmul", "components")]
    public int Components { get; init; } = 16;

    /// <summary>Parameters that vary in time, e.g. [parBETA, parBETAET].</summary>
    [ConfigKey("dynamic_parameters", "dynamic_params")]
    public IReadOnlyList<string> DynamicParameters { get; init; } = [];

    /// <summary>Gamma unit-hydrograph routing.</summary>
    public bool Routing { get; init; } = true;

    /// <summary>
    /// Carry the routing buffer through warm-up, so the first days after warm-up include water still in transit.
    /// Deviation (spec §10.16): the Python original starts routing cold after warm-up; set false to reproduce it.
    /// </summary>
    public bool CarryRoutingThroughWarmUp { get; init; } = true;

    /// <summary>Spin warm-up up without gradient (true) or run it with gradient and crop (false); null = the model's default.</summary>
    [ConfigKey("warm_up_states")]
    public bool? WarmUpWithoutGradient { get; init; }

    /// <summary>Probability that a dynamic parameter is replaced by its static value, per basin and batch (training only).</summary>
    public double DyDrop { get; init; }

    /// <summary>Numerical floor ε for stores after withdrawals [mm].</summary>
    public double NearZero { get; init; } = 1e-5;

    /// <summary>
    /// Implementation: <c>auto</c> (the fused kernel where it runs — CPU — else tensor ops), <c>tensor</c> (autograd
    /// reference, any device) or <c>fused</c> (hand-written kernel; an error where it cannot run).
    /// </summary>
    public string Backend { get; init; } = "auto";

    /// <summary>Physics forcing name → dataset variable name, where they differ (default: same names).</summary>
    public IReadOnlyDictionary<string, string> ForcingMap { get; init; } = new Dictionary<string, string>();

    /// <summary>Model-specific switches by name (YAML key <c>options</c>), e.g. <c>pet_correction: true</c>; the model checks them.</summary>
    [ConfigKey("options")]
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Physics models in sequence (docs/coupling.md): each member's outputs feed the next member's forcings by name,
    /// e.g. <c>[{name: hbv, routing: false}, {name: gamma_routing}]</c>; null = the single model <see cref="Name"/>.
    /// The keys of this section are shared by every member; the members hold the rest.
    /// </summary>
    [ConfigOmitWhenNull]
    public IReadOnlyList<ChainMemberConfig>? Chain { get; init; }

    /// <summary>The model this section builds, in words: its name, or a chain's members joined by arrows (<c>hbv → gamma_routing</c>).</summary>
    public string Describe() => Chain is { } chain ? string.Join(" → ", chain.Select(m => m.Name)) : Name;

    /// <summary>The <see cref="Name"/> of a chain (the default name, <c>hbv</c>, is read as it too).</summary>
    public const string ChainName = "chain";

    public void Validate(ConfigErrors errors, string path)
    {
        if (Components < 1) errors.Expected($"{path}.nmul", "an integer ≥ 1", Components);
        if (DyDrop is < 0 or > 1) errors.Expected($"{path}.dy_drop", "a probability in [0, 1]", DyDrop);
        if (NearZero <= 0) errors.Expected($"{path}.near_zero", "a number > 0", NearZero);
        if (Backend is not ("auto" or "tensor" or "fused")) errors.Expected($"{path}.backend", "auto, tensor or fused", Backend);
        if (Chain is null) return;
        if (Chain.Count == 0) errors.Add($"{path}.chain", $"'{path}.chain': name at least one physics model, or leave the key out.");
        if (Name is not (ChainName or "hbv"))
            errors.Add($"{path}.name", $"'{path}.name' is '{Name}' and '{path}.chain' is given: a section is one model or a chain; remove 'name' (or write 'name: {ChainName}').");
        if (DynamicParameters.Count > 0)
            errors.Add($"{path}.dynamic_parameters", $"'{path}.dynamic_parameters' lists [{string.Join(", ", DynamicParameters)}] for a chain: list them at the member whose parameters they are ('{path}.chain[i].dynamic_parameters').");
        for (int i = 0; i < Chain.Count; i++) Chain[i].Validate(errors, $"{path}.chain[{i}]");
    }
}
