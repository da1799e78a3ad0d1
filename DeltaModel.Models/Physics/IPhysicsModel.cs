namespace DeltaModel.Models.Physics;

/// <summary>
/// A process-based model written with tensors, differentiable by autograd (or by its own backward). It declares what
/// it needs and produces by name (<see cref="Declarations"/>); the composition (<c>DeltaModel</c>) maps network outputs
/// to its parameters, handles warm-up and cropping, and never needs to know what the model simulates. Models derive
/// from <see cref="PhysicsModel"/>, which implements this once.
/// </summary>
public interface IPhysicsModel
{
    /// <summary>Registry name, e.g. <c>hbv</c>.</summary>
    string Name { get; }

    /// <summary>The options the model was built with (components, dynamic parameters, backend, routing, warm-up mode, …).</summary>
    PhysicsOptions Options { get; }

    /// <summary>Forcings, attributes, parameters, stores and outputs with their units.</summary>
    PhysicsDeclarations Declarations { get; }

    /// <summary>
    /// Whether the warm-up days are spun up without gradient and with all parameters static (true: HBV 1.0), or run
    /// with gradient and cropped (false: HBV 1.1p's <c>warm_up_states: false</c>).
    /// </summary>
    bool WarmUpWithoutGradient { get; }

    /// <summary>
    /// Runs the daily loop over <see cref="PhysicsInput.Forcings"/>. Scalars (e.g. BFI) summarize the whole run;
    /// cropping of warm-up days is the caller's business (<c>Composition.WarmUpRunner</c>).
    /// </summary>
    PhysicsResult Run(PhysicsInput input);
}
