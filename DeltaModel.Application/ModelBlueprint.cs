using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Sampling;
using DeltaModel.Core.Training;
using DeltaModel.Models;
using DeltaModel.Models.Composition;

namespace DeltaModel.Application;

/// <summary>
/// What an experiment's model reads (<see cref="Inputs"/>) and how to build it, known before any data is loaded so
/// the loader reads exactly the variables and attributes the model needs.
/// </summary>
public sealed class ModelBlueprint
{
    readonly Func<HydroDataset?, ITrainableModel> create;

    ModelBlueprint(InputSpec inputs, Func<HydroDataset?, ITrainableModel> create)
    {
        Inputs = inputs;
        this.create = create;
    }

    public InputSpec Inputs { get; }

    /// <summary>Attributes loaded only to score a twin experiment (<c>test.true_parameters</c>): never network inputs.</summary>
    public IReadOnlyList<string> TruthAttributes { get; private init; } = [];

    /// <summary>Builds the model with fresh weights.</summary>
    /// <param name="trainingInput">The training period's data (for data-derived constants such as the target scale of a
    /// plain network); null when only evaluating — those constants then come from the checkpoint.</param>
    public ITrainableModel Create(HydroDataset? trainingInput) => create(trainingInput);

    /// <exception cref="ConfigException">Unknown network or physics names, parameters the physics does not have.</exception>
    public static ModelBlueprint For(ExperimentConfig config)
    {
        var nn = config.Model.Nn;
        if (config.Model.Physics is not { } physics)
        {
            var inputs = new InputSpec(nn.Forcings, nn.Attributes, nn.LogNorm, [], [], config.Data.Target);
            var output = config.Targets()[0].OutputName;
            return new ModelBlueprint(inputs, training =>
            {
                var (mean, std) = training is null ? (0.0, 1.0) : TargetScale(training.Variable(config.Data.Target));
                return new NeuralModel(nn, inputs, config.Model.WarmUp, mean, std, output);
            });
        }
        return HybridBlueprint(config, physics);
    }

    static ModelBlueprint HybridBlueprint(ExperimentConfig config, PhysicsConfig physics)
    {
        // A loaded config passed this check already; one built in code has not.
        var errors = config.NewErrors();
        var model = ModelRegistry.CheckPhysics(config, errors);
        errors.ThrowIfAny();
        // Physics forcings are bound by name (deviation §10.17): the dataset variable of each physics forcing.
        var physicsForcings = model!.Declarations.Forcings.Select(f => physics.ForcingMap.GetValueOrDefault(f, f)).ToList();
        var nn = config.Model.Nn;
        var targets = config.Targets();
        var inputs = new InputSpec(nn.Forcings, nn.Attributes, nn.LogNorm, physicsForcings, model.Declarations.Attributes, config.Data.Target,
            targets.Count > 1 ? [.. targets.Skip(1).Select(t => t.Variable)] : null);
        return new ModelBlueprint(inputs, _ => new HybridModel(nn, ModelRegistry.CreatePhysics(physics), inputs, config.Model.WarmUp, physics.DyDrop,
            config.Model.Postprocessor, targets[0].OutputName, config.Model.Processes, config.Model.Networks))
        {
            TruthAttributes = [.. config.Test.TrueParameters.Values.Concat(config.Simulate.TrueParameters.Values).Distinct()],
        };
    }

    /// <summary>The coupling mode <paramref name="config"/> builds, in words (results.json, the run log; docs/coupling.md).</summary>
    public static string Coupling(ExperimentConfig config) => config.Model is { Physics: { } physics } model
        ? CouplingMode.Of(model.Networks is not null, model.Processes is not null, model.Postprocessor is not null, physics.Chain is not null)
        : CouplingMode.NetworkOnly;

    /// <summary>Mean and standard deviation of the observed target over the training input (missing days skipped).</summary>
    static (double Mean, double Std) TargetScale(DynamicVariable target)
    {
        double sum = 0, sumSq = 0;
        long n = 0;
        foreach (var v in target.Values)
        {
            if (float.IsNaN(v)) continue;
            sum += v;
            sumSq += (double)v * v;
            n++;
        }
        if (n < 2) throw new DataException($"the training target '{target.Name}' has {n} observed value(s); a network cannot be scaled or trained on that.");
        double mean = sum / n;
        return (mean, Math.Sqrt(Math.Max(sumSq / n - mean * mean, 1e-12)));
    }
}
