using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Models;
using DeltaModel.Models.Neural;

namespace DeltaModel.Application;

/// <summary>
/// A model defined by a few choices (New-DeltaModel's parameters) on top of the documented defaults, turned into the
/// config an experiment file without those keys would give and checked like one. The data section is settled when
/// the model trains (<see cref="RunPlan.ForTraining"/>).
/// </summary>
public sealed record ModelDefinition
{
    static readonly ModelConfig Defaults = new();

    /// <summary>Physics model by registry name; null = a plain network predicting the target.</summary>
    public string? Physics { get; init; }

    /// <summary>Network by registry name.</summary>
    public string Network { get; init; } = Defaults.Nn.Name;

    /// <summary>Physics parameters that vary in time.</summary>
    public IReadOnlyList<string> DynamicParameters { get; init; } = [];

    /// <summary>Parallel parameter sets (nmul); null = the physics section's default.</summary>
    public int? Components { get; init; }

    public int HiddenSize { get; init; } = Defaults.Nn.HiddenSize;
    public int WarmUp { get; init; } = Defaults.WarmUp;
    public int Rho { get; init; } = Defaults.Rho;
    public IReadOnlyList<string> Forcings { get; init; } = Defaults.Nn.Forcings;
    public IReadOnlyList<string> Attributes { get; init; } = [];

    /// <summary>Training loss by registry name.</summary>
    public string Loss { get; init; } = new LossConfig().Name;

    /// <summary>Experiment name; null = the network's name, or <c>d</c> + the physics name.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The config of this model (mode train), its data section naming <paramref name="dataset"/>'s origin when given.
    /// Every problem of the model and training sections is reported at once.
    /// </summary>
    /// <exception cref="RunInputException">An unknown network or physics name (UnknownNeuralNetwork, UnknownPhysicsModel),
    /// physics choices without a physics model (PhysicsRequired), or values out of range (InvalidModelArgument).</exception>
    public ExperimentConfig ToConfig(HydroDataset? dataset)
    {
        if (!NetworkRegistry.Names.Contains(Network, StringComparer.OrdinalIgnoreCase))
            throw new RunInputException("UnknownNeuralNetwork",
                $"unknown network '{Network}'{Names.DidYouMean(Network, NetworkRegistry.Names)}; known: {string.Join(", ", NetworkRegistry.Names)}.") { Target = Network };
        if (Physics is not null && !ModelRegistry.PhysicsNames.Contains(Physics, StringComparer.OrdinalIgnoreCase))
            throw new RunInputException("UnknownPhysicsModel",
                $"unknown physics model '{Physics}'{Names.DidYouMean(Physics, ModelRegistry.PhysicsNames)}; known: {string.Join(", ", ModelRegistry.PhysicsNames)}.") { Target = Physics };
        if (Physics is null && (DynamicParameters.Count > 0 || Components is not null))
            throw new RunInputException("PhysicsRequired",
                "-DynamicParameter and -Components apply to a physics model; give -Physics (e.g. -Physics hbv).") { Target = DynamicParameters };

        var physics = Physics is null ? null : new PhysicsConfig { Name = Physics, DynamicParameters = DynamicParameters };
        if (physics is not null && Components is { } components) physics = physics with { Components = components };
        var config = new ExperimentConfig
        {
            Name = Name ?? (Physics is null ? Network : $"d{Physics}"),
            Mode = "train",
            Data = dataset is null ? new DataConfig { Path = "" } : DataSource.InMemory(dataset).Section,
            Model = Defaults with
            {
                WarmUp = WarmUp, Rho = Rho, Physics = physics,
                Nn = NetworkRegistry.WithOwnKeys(Defaults.Nn with { Name = Network, HiddenSize = HiddenSize, Forcings = Forcings, Attributes = Attributes }),
            },
            Train = new TrainConfig { Loss = new LossConfig { Name = Loss } },
        };
        // The data section is settled at training time; check the rest now, every problem at once.
        var errors = new ConfigErrors("New-DeltaModel");
        config.Model.Validate(errors, "model");
        config.Train.Validate(errors, "train");
        if (errors.Any)
            throw new RunInputException("InvalidModelArgument", string.Join(Environment.NewLine, errors.Problems)) { Target = config.Model };
        return config;
    }
}
