using DeltaModel.Core.Configuration;
using DeltaModel.Models.Physics;

namespace DeltaModel.Models;

/// <summary>The registry seen from a config section, for front ends that show a model before building it.</summary>
public static partial class ModelRegistry
{
    /// <summary>
    /// The physics model a <c>model.physics</c> section describes (its parameters, bounds, forcings and outputs), built
    /// with the section's options so that dynamic parameters and routing show as they will run.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name or options the model rejects (the message names them).</exception>
    public static IPhysicsModel DescribePhysics(PhysicsConfig config) => CreatePhysics(config.Name, OptionsFrom(config));

    /// <summary>The options a <c>model.physics</c> section gives every physics model.</summary>
    public static PhysicsOptions OptionsFrom(PhysicsConfig config) =>
        new()
        {
            Components = config.Components,
            DynamicParameters = config.DynamicParameters,
            Routing = config.Routing,
            CarryRoutingThroughWarmUp = config.CarryRoutingThroughWarmUp,
            WarmUpWithoutGradient = config.WarmUpWithoutGradient,
            NearZero = config.NearZero,
            Backend = config.Backend,
            Extra = config.Options,
        };
}
