using DeltaModel.Core.Configuration;
using DeltaModel.Models.Composition;
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
    public static IPhysicsModel DescribePhysics(PhysicsConfig config) => CreatePhysics(config);

    /// <summary>
    /// The keys networks and physics models add to their config sections, for <see cref="ExperimentConfig.Load"/>:
    /// each is bound to its registry entry's record and checked there, with file and line. It also loads the
    /// assemblies of the config's <c>plugins</c> key first (<see cref="Plugins.PluginLoader.Load"/>).
    /// </summary>
    public static ConfigPlugins ConfigPlugins { get; } =
        Neural.NetworkRegistry.AddKeysTo(new ConfigPlugins())
            .WithAssemblyLoader(Plugins.PluginLoader.Load)
            .AddCheck((config, errors) => CheckPhysics(config, errors));

    /// <summary>
    /// Checks <c>model.physics</c> against the model its name picks — a registered name, options and dynamic parameters
    /// the model accepts, a <c>forcing_map</c> of forcings it reads — and returns that model; null without physics or
    /// when a problem was added to <paramref name="errors"/>.
    /// </summary>
    public static IPhysicsModel? CheckPhysics(ExperimentConfig config, ConfigErrors errors)
    {
        if (config.Model.Physics is not { } physics) return null;
        if (physics.Chain is null && !PhysicsNames.Contains(physics.Name, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("model.physics.name", $"'model.physics.name': unknown physics model '{physics.Name}'" +
                                             $"{Names.DidYouMean(physics.Name, PhysicsNames)}; available: {string.Join(", ", PhysicsNames)}.");
            return null;
        }
        IPhysicsModel model;
        try
        {
            model = CreatePhysics(physics);
        }
        catch (ArgumentException e)
        {
            // A chain's messages name the member's key themselves ('model.physics.chain[k]').
            if (physics.Chain is null) errors.Add("model.physics", $"'model.physics': {e.Message}");
            else errors.Add("model.physics.chain", e.Message);
            return null;
        }
        if (!CheckCoupling(config, model, errors)) return null;
        var unread = physics.ForcingMap.Keys.Where(f => !model.Declarations.Forcings.Contains(f)).ToList();
        foreach (var forcing in unread)
            errors.Add("model.physics.forcing_map", $"'model.physics.forcing_map' maps '{forcing}', which {model.Name} does not read " +
                                                   $"(its forcings: {string.Join(", ", model.Declarations.Forcings)}).");
        var unknown = (config.Model.Postprocessor?.PhysicsOutputs ?? []).Where(o => !model.Declarations.OutputNames.Contains(o)).ToList();
        foreach (var output in unknown)
            errors.Add("model.postprocessor.physics_outputs", $"'model.postprocessor.physics_outputs' names '{output}', which {model.Name} does not output" +
                                                              $"{Names.DidYouMean(output, model.Declarations.OutputNames)}; its outputs: {string.Join(", ", model.Declarations.OutputNames)}.");
        var untargetable = (config.Train.Targets ?? []).Select((t, i) => (t, i)).Where(x => !model.Declarations.OutputNames.Contains(x.t.OutputName)).ToList();
        foreach (var (target, i) in untargetable)
            errors.Add($"train.targets", $"'train.targets[{i}]' compares '{target.Variable}' with the output '{target.OutputName}', which {model.Name} does not have" +
                                         $"{Names.DidYouMean(target.OutputName, model.Declarations.OutputNames)}; its outputs: {string.Join(", ", model.Declarations.OutputNames)}. " +
                                         "Name one with 'output'.");
        var parameters = model.Declarations.Parameters.Select(p => p.Name).ToList();
        var unlearned = config.Test.TrueParameters.Keys.Where(p => !parameters.Contains(p)).ToList();
        foreach (var parameter in unlearned)
            errors.Add("test.true_parameters", $"'test.true_parameters' names '{parameter}', which is not a parameter of {model.Name}" +
                                               $"{Names.DidYouMean(parameter, parameters)}; its parameters: {string.Join(", ", parameters)}.");
        return unread.Count == 0 && unknown.Count == 0 && untargetable.Count == 0 && unlearned.Count == 0 ? model : null;
    }

    /// <summary>
    /// The process networks and the several networks against the model: processes it declares, inputs they offer,
    /// stateless networks, a backend that can call them; parameters it has, each written by one network.
    /// </summary>
    static bool CheckCoupling(ExperimentConfig config, IPhysicsModel model, ConfigErrors errors)
    {
        bool fine = true;
        if (config.Model.Processes is { } processes)
        {
            if (config.Model.Physics!.Backend == "fused" || config.Model.Physics.Chain?.Any(m => m.Backend == "fused") == true)
            {
                errors.Add("model.physics.backend", "'model.physics.backend' is 'fused', and 'model.processes' replaces a process by a network: the fused kernel's " +
                                                    "hand-written backward cannot call one. Use backend 'auto' (it then takes the tensor path) or 'tensor'.");
                fine = false;
            }
            for (int i = 0; i < processes.Count; i++)
                try
                {
                    _ = new ProcessReplacement(model, [processes[i] with { }]);
                }
                catch (ArgumentException e) when (config.Model.Physics.Backend != "fused")
                {
                    errors.Add($"model.processes[{i}]", $"'model.processes[{i}]': {e.Message}");
                    fine = false;
                }
                catch (ArgumentException)
                {
                    // The backend error above says it.
                }
        }
        if (config.Model.Networks is { } networks)
            try
            {
                _ = NetworkGroup.Assign(networks, model);
            }
            catch (ArgumentException e)
            {
                errors.Add("model.networks", e.Message);
                fine = false;
            }
        return fine;
    }
}
