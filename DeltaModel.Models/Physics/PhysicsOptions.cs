namespace DeltaModel.Models.Physics;

/// <summary>Options every physics model understands (config section <c>model.physics</c>); model-specific ones go in <see cref="Extra"/>.</summary>
public sealed record PhysicsOptions
{
    /// <summary>Parallel parameter sets averaged into one output ("nmul"). Range: ≥ 1.</summary>
    public int Components { get; init; } = 1;

    /// <summary>Names of parameters that vary in time.</summary>
    public IReadOnlyList<string> DynamicParameters { get; init; } = [];

    /// <summary>Gamma unit-hydrograph routing of the outputs.</summary>
    public bool Routing { get; init; } = true;

    /// <summary>
    /// Carry the routing buffer through warm-up, so the first days after warm-up include water still in transit.
    /// Deviation (spec §10.16): the Python original starts routing cold after warm-up; set false to reproduce it.
    /// </summary>
    public bool CarryRoutingThroughWarmUp { get; init; } = true;

    /// <summary>Spin up warm-up days without gradient (true) or run them with gradient and crop (false).</summary>
    public bool? WarmUpWithoutGradient { get; init; }

    /// <summary>Numerical floor ε for stores after withdrawals [mm].</summary>
    public double NearZero { get; init; } = 1e-5;

    /// <summary>
    /// Implementation: <c>auto</c> (the fused kernel where it runs — CPU — else tensor ops), <c>tensor</c> (autograd
    /// reference, any device) or <c>fused</c> (hand-written kernel; an error where it cannot run).
    /// </summary>
    public string Backend { get; init; } = "auto";

    /// <summary>Model-specific switches by name (e.g. <c>beta_et: true</c>).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();
}
