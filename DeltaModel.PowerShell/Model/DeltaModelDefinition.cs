using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Models.Physics;

namespace DeltaModel.PowerShell.Model;

/// <summary>
/// An untrained model as <c>New-DeltaModel</c> returns it: the experiment config it will train with, the physics
/// parameters and bounds the network will predict (so a user sees them before training), and the dataset it was
/// built for when one came down the pipeline (<c>Start-DeltaTraining</c> trains on it unless given another).
/// </summary>
public sealed class DeltaModelDefinition
{
    /// <param name="config">The experiment config; its data section is replaced by the dataset's at training time.</param>
    /// <param name="physics">The physics model the config names (for its parameters); null for a plain network.</param>
    /// <param name="dataset">The dataset piped in, if any.</param>
    public DeltaModelDefinition(ExperimentConfig config, IPhysicsModel? physics, HydroDataset? dataset)
    {
        Config = config;
        Dataset = dataset;
        Parameters = physics is null ? [] : [.. physics.Declarations.Parameters];
        RoutingParameters = physics is null ? [] : [.. physics.Declarations.RoutingParameters];
        Outputs = physics is null ? [config.Data.Target] : [.. physics.Declarations.OutputNames];
    }

    /// <summary>The experiment config (immutable; change it with <c>with</c> or a new <c>New-DeltaModel</c>).</summary>
    public ExperimentConfig Config { get; }

    /// <summary>The dataset this model was built for, or null.</summary>
    public HydroDataset? Dataset { get; }

    public string Name => Config.Name ?? "deltamodel";

    /// <summary>Physics model registry name (a chain's members joined by arrows); empty for a plain network.</summary>
    public string Physics => Config.Model.Physics?.Describe() ?? "";

    /// <summary>Network registry name (lstm, mlp, lstm_mlp).</summary>
    public string NeuralNetwork => Config.Model.Nn.Name;

    /// <summary>Hidden width of the network.</summary>
    public int HiddenSize => Config.Model.Nn.HiddenSize;

    /// <summary>Parallel parameter sets (nmul); 0 without physics.</summary>
    public int Components => Config.Model.Physics?.Components ?? 0;

    /// <summary>Physics parameters that vary in time.</summary>
    public IReadOnlyList<string> DynamicParameters => Config.Model.Physics?.DynamicParameters ?? [];

    /// <summary>Spin-up days before each window [d].</summary>
    public int WarmUp => Config.Model.WarmUp;

    /// <summary>Scored days per training window [d].</summary>
    public int Rho => Config.Model.Rho;

    /// <summary>Network inputs by dataset variable name.</summary>
    public IReadOnlyList<string> Forcings => Config.Model.Nn.Forcings;

    /// <summary>Static network inputs by attribute name.</summary>
    public IReadOnlyList<string> Attributes => Config.Model.Nn.Attributes;

    /// <summary>Per-component physics parameters with their physical bounds, in network-channel order.</summary>
    public IReadOnlyList<ParameterSpec> Parameters { get; }

    /// <summary>Per-basin routing parameters with bounds (empty without routing).</summary>
    public IReadOnlyList<ParameterSpec> RoutingParameters { get; }

    /// <summary>Series the model simulates (the target for a plain network).</summary>
    public IReadOnlyList<string> Outputs { get; }

    public override string ToString() =>
        Physics.Length == 0 ? $"{Name}: {NeuralNetwork} ({HiddenSize})" : $"{Name}: {NeuralNetwork} ({HiddenSize}) → {Physics} × {Components}";
}
