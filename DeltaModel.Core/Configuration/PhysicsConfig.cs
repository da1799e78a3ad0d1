namespace DeltaModel.Core.Configuration;

/// <summary>Section <c>model.physics</c>: the process-based model the network parameterizes. Absent = plain network.</summary>
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

    /// <summary>Carry water in transit in the routing kernel through warm-up (deviation from δMG, spec §10.16).</summary>
    public bool CarryRoutingThroughWarmUp { get; init; } = true;

    /// <summary>Spin warm-up up without gradient (true) or run it with gradient and crop (false); null = the model's default.</summary>
    [ConfigKey("warm_up_states")]
    public bool? WarmUpWithoutGradient { get; init; }

    /// <summary>Probability that a dynamic parameter is replaced by its static value, per basin and batch (training only).</summary>
    public double DyDrop { get; init; }

    /// <summary>Numerical floor ε for stores [mm].</summary>
    public double NearZero { get; init; } = 1e-5;

    /// <summary>Implementation: <c>tensor</c> (autograd reference) or <c>fused</c> (hand-written kernel).</summary>
    public string Backend { get; init; } = "auto";

    /// <summary>Physics forcing name → dataset variable name, where they differ (default: same names).</summary>
    public IReadOnlyDictionary<string, string> ForcingMap { get; init; } = new Dictionary<string, string>();

    /// <summary>Model-specific switches, e.g. <c>beta_et: true</c>.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    public void Validate(ConfigErrors errors, string path)
    {
        if (Components < 1) errors.Expected($"{path}.nmul", "an integer ≥ 1", Components);
        if (DyDrop is < 0 or > 1) errors.Expected($"{path}.dy_drop", "a probability in [0, 1]", DyDrop);
        if (NearZero <= 0) errors.Expected($"{path}.near_zero", "a number > 0", NearZero);
        if (Backend is not ("auto" or "tensor" or "fused")) errors.Expected($"{path}.backend", "auto, tensor or fused", Backend);
    }
}
