namespace DeltaModel.Models.Physics;

/// <summary>
/// A process-based model written with tensors, differentiable by autograd (or by its own backward). It declares what
/// it needs and produces by name; the composition (<c>DeltaModel</c>) maps network outputs to its parameters, handles
/// warm-up and cropping, and never needs to know what the model simulates.
/// </summary>
public interface IPhysicsModel
{
    /// <summary>Registry name, e.g. <c>hbv</c>.</summary>
    string Name { get; }

    /// <summary>The options the model was built with (backend, routing, warm-up mode, …).</summary>
    PhysicsOptions Options { get; }

    /// <summary>Number of parallel parameter sets ("components", δMG's <c>nmul</c>) whose outputs are averaged.</summary>
    int Components { get; }

    /// <summary>Per-component physical parameters, in network-channel order.</summary>
    IReadOnlyList<ParameterSpec> Parameters { get; }

    /// <summary>Per-basin routing parameters (static only); empty when the model does not route.</summary>
    IReadOnlyList<ParameterSpec> RoutingParameters { get; }

    /// <summary>Names of the parameters that vary in time (a subset of <see cref="Parameters"/>).</summary>
    IReadOnlySet<string> DynamicParameters { get; }

    /// <summary>Forcing names, in the channel order of <see cref="PhysicsInput.Forcings"/> (e.g. prcp, tmean, pet).</summary>
    IReadOnlyList<string> Forcings { get; }

    /// <summary>Static attributes the model itself needs (e.g. elevation); usually empty.</summary>
    IReadOnlyList<string> Attributes { get; }

    /// <summary>Store names, in the order of <see cref="PhysicsState.Stores"/>.</summary>
    IReadOnlyList<string> States { get; }

    /// <summary>Names of the series in <see cref="PhysicsResult.Series"/>.</summary>
    IReadOnlyList<string> Outputs { get; }

    /// <summary>
    /// Whether the warm-up days are spun up without gradient and with all parameters static (true: HBV 1.0), or run
    /// with gradient and cropped (false: HBV 1.1p's <c>warm_up_states: false</c>).
    /// </summary>
    bool WarmUpWithoutGradient { get; }

    /// <summary>Scalar (per-basin) outputs in <see cref="PhysicsResult.Scalars"/>, e.g. <c>BFI</c>.</summary>
    IReadOnlyList<string> ScalarOutputs { get; }

    /// <summary>
    /// Runs the daily loop over <see cref="PhysicsInput.Forcings"/>. Scalars (e.g. BFI) summarize the whole run;
    /// cropping of warm-up days is the caller's business (<c>Composition.WarmUpRunner</c>).
    /// </summary>
    PhysicsResult Run(PhysicsInput input);
}
