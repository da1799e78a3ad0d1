using System.Management.Automation;
using DeltaModel.Application;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Losses;
using DeltaModel.Models;
using DeltaModel.Models.Neural;
using DeltaModel.PowerShell.Completers;
using DeltaModel.PowerShell.Hosting;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Defines a differentiable model: a network that parameterizes a physics model (or a plain network).</para>
/// <para type="description">Builds an experiment config from the parameters on top of the documented defaults
/// (docs/configuration.md), or reads one from -Config. The result shows the physics parameters and their bounds.
/// A dataset piped in travels with the model to Start-DeltaTraining.</para>
/// <example><code>New-DeltaModel -Physics hbv -DynamicParameter parBETA,parBETAET -Components 16</code><para>Defines δHBV with 16 parallel components and two time-varying parameters; the output lists the physics parameters and bounds.</para></example>
/// <example><code>Import-HydroDataset ./data/camels-sample | New-DeltaModel -HiddenSize 64 | Start-DeltaTraining -Epochs 1 -OutputPath ./out</code><para>Builds a plain LSTM for the sample dataset and trains it for one epoch into ./out.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.New, "DeltaModel", DefaultParameterSetName = ParametersSet)]
[OutputType(typeof(DeltaModelDefinition))]
public sealed class NewDeltaModelCommand : DeltaCmdlet
{
    const string ParametersSet = "Parameters";
    const string ConfigSet = "Config";
    static readonly ModelConfig Defaults = new();

    /// <summary>An experiment file (YAML) to take the whole setup from.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ConfigSet)]
    [ValidateNotNullOrEmpty]
    public string Config { get; set; } = "";

    /// <summary>The dataset the model is for (its basins and target fill the data section at training time).</summary>
    [Parameter(ValueFromPipeline = true)]
    public HydroDataset? Dataset { get; set; }

    /// <summary>Physics model from the registry (e.g. hbv, hbv_1_1p, hbv_2_0); omit for a plain network predicting the target.</summary>
    [Parameter(Position = 0, ParameterSetName = ParametersSet)]
    [ArgumentCompleter(typeof(PhysicsNameCompleter))]
    public string? Physics { get; set; }

    /// <summary>Network from the registry (lstm, mlp, lstm_mlp — the last needs -Attribute).</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ArgumentCompleter(typeof(NetworkNameCompleter))]
    public string NeuralNetwork { get; set; } = Defaults.Nn.Name;

    /// <summary>Physics parameters that vary in time, e.g. parBETA, parBETAET.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ArgumentCompleter(typeof(PhysicsParameterCompleter))]
    public string[] DynamicParameter { get; set; } = [];

    /// <summary>Parallel parameter sets averaged into one output (δMG's nmul).</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [Alias("Nmul")]
    [ValidateRange(1, 1024)]
    public int Components { get; set; } = new PhysicsConfig().Components;

    /// <summary>Hidden width of the network.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(1, 65536)]
    public int HiddenSize { get; set; } = Defaults.Nn.HiddenSize;

    /// <summary>Spin-up days before each window [d].</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(0, 36500)]
    public int WarmUp { get; set; } = Defaults.WarmUp;

    /// <summary>Scored days per training window [d].</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(1, 36500)]
    public int Rho { get; set; } = Defaults.Rho;

    /// <summary>Dynamic network inputs by dataset variable name.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ArgumentCompleter(typeof(VariableNameCompleter))]
    public string[] Forcing { get; set; } = [.. Defaults.Nn.Forcings];

    /// <summary>Static network inputs by attribute name.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    public string[] Attribute { get; set; } = [];

    /// <summary>Training loss from the registry (e.g. rmse_comb, nse_batch).</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ArgumentCompleter(typeof(LossNameCompleter))]
    public string Loss { get; set; } = new LossConfig().Name;

    /// <summary>Experiment name (used in reports and the default output folder).</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    public string? Name { get; set; }

    protected override void ProcessRecord() =>
        Terminating(() => WriteObject(ParameterSetName == ConfigSet ? FromFile() : FromParameters()),
            () => ParameterSetName == ConfigSet ? Config : (object?)Physics ?? NeuralNetwork);

    DeltaModelDefinition FromFile()
    {
        var file = ResolvePath(Config);
        if (!File.Exists(file))
            Fail("ConfigFileNotFound", ErrorCategory.ObjectNotFound, Config, $"experiment file not found: {file}");
        var config = ExperimentConfig.Load(file, plugins: ModelRegistry.ConfigPlugins);
        return new DeltaModelDefinition(config, config.Model.Physics is { } p ? ModelRegistry.DescribePhysics(p) : null, Dataset);
    }

    DeltaModelDefinition FromParameters()
    {
        if (!NetworkRegistry.Names.Contains(NeuralNetwork, StringComparer.OrdinalIgnoreCase))
            Fail("UnknownNeuralNetwork", ErrorCategory.InvalidArgument, NeuralNetwork,
                $"unknown network '{NeuralNetwork}'{Names.DidYouMean(NeuralNetwork, NetworkRegistry.Names)}; known: {string.Join(", ", NetworkRegistry.Names)}.");
        if (Physics is not null && !ModelRegistry.PhysicsNames.Contains(Physics, StringComparer.OrdinalIgnoreCase))
            Fail("UnknownPhysicsModel", ErrorCategory.InvalidArgument, Physics,
                $"unknown physics model '{Physics}'{Names.DidYouMean(Physics, ModelRegistry.PhysicsNames)}; known: {string.Join(", ", ModelRegistry.PhysicsNames)}.");
        if (Physics is null && (DynamicParameter.Length > 0 || MyInvocation.BoundParameters.ContainsKey(nameof(Components))))
            Fail("PhysicsRequired", ErrorCategory.InvalidArgument, DynamicParameter,
                "-DynamicParameter and -Components apply to a physics model; give -Physics (e.g. -Physics hbv).");

        var physics = Physics is null ? null : new PhysicsConfig { Name = Physics, Components = Components, DynamicParameters = DynamicParameter };
        var config = new ExperimentConfig
        {
            Name = Name ?? (Physics is null ? NeuralNetwork : $"d{Physics}"),
            Mode = "train",
            Data = Dataset is null ? new DataConfig { Path = "" } : DataSource.InMemory(Dataset).Section,
            Model = Defaults with
            {
                WarmUp = WarmUp, Rho = Rho, Physics = physics,
                Nn = NetworkRegistry.WithOwnKeys(Defaults.Nn with { Name = NeuralNetwork, HiddenSize = HiddenSize, Forcings = Forcing, Attributes = Attribute }),
            },
            Train = new TrainConfig { Loss = new LossConfig { Name = Loss } },
        };
        // The data section is settled at training time; check the rest now, every problem at once.
        var errors = new ConfigErrors("New-DeltaModel");
        config.Model.Validate(errors, "model");
        config.Train.Validate(errors, "train");
        if (errors.Any)
            Fail("InvalidModelArgument", ErrorCategory.InvalidArgument, config.Model, string.Join(Environment.NewLine, errors.Problems));
        return new DeltaModelDefinition(config, physics is null ? null : ModelRegistry.DescribePhysics(physics), Dataset);
    }
}
