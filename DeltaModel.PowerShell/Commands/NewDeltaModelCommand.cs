using System.Management.Automation;
using DeltaModel.Application;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Models;
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
    static readonly ModelDefinition Defaults = new();

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
    public string NeuralNetwork { get; set; } = Defaults.Network;

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
    public int HiddenSize { get; set; } = Defaults.HiddenSize;

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
    public string[] Forcing { get; set; } = [.. Defaults.Forcings];

    /// <summary>Static network inputs by attribute name.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    public string[] Attribute { get; set; } = [];

    /// <summary>Training loss from the registry (e.g. rmse_comb, nse_batch).</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ArgumentCompleter(typeof(LossNameCompleter))]
    public string Loss { get; set; } = Defaults.Loss;

    /// <summary>Experiment name (used in reports and the default output folder).</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    public string? Name { get; set; }

    protected override void ProcessRecord() => Terminating(() =>
    {
        var config = ParameterSetName == ConfigSet ? FromFile() : new ModelDefinition
        {
            Physics = Physics, Network = NeuralNetwork, DynamicParameters = DynamicParameter, HiddenSize = HiddenSize,
            Components = MyInvocation.BoundParameters.ContainsKey(nameof(Components)) ? Components : null,
            WarmUp = WarmUp, Rho = Rho, Forcings = Forcing, Attributes = Attribute, Loss = Loss, Name = Name,
        }.ToConfig(Dataset);
        WriteObject(new DeltaModelDefinition(config, config.Model.Physics is { } p ? ModelRegistry.DescribePhysics(p) : null, Dataset));
    }, () => ParameterSetName == ConfigSet ? Config : (object?)Physics ?? NeuralNetwork);

    ExperimentConfig FromFile()
    {
        var file = ResolvePath(Config);
        if (!File.Exists(file))
            Fail("ConfigFileNotFound", ErrorCategory.ObjectNotFound, Config, $"experiment file not found: {file}");
        return ExperimentConfig.Load(file, plugins: ModelRegistry.ConfigPlugins);
    }
}
