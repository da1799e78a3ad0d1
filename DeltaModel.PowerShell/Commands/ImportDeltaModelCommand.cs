using System.Management.Automation;
using DeltaModel.Application;
using DeltaModel.PowerShell.Hosting;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Opens a trained model folder (config.resolved.yaml + model/ checkpoints) for simulation.</para>
/// <para type="description">Accepts the output folder of Start-DeltaTraining, Save-DeltaModel or `deltamodel run`.
/// Reads only; nothing is written.</para>
/// <example><code>Import-DeltaModel ./saved/dhbv | Invoke-DeltaSimulation -Dataset $d -Period 2005-10-01..2010-09-30</code><para>Opens a saved model in a new session and simulates five water years with it.</para></example>
/// </summary>
[Cmdlet(VerbsData.Import, "DeltaModel")]
[OutputType(typeof(TrainedDeltaModel))]
public sealed class ImportDeltaModelCommand : DeltaCmdlet
{
    /// <summary>The model folder.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LiteralPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var path in Path)
        {
            // One unusable folder does not stop the others.
            try { WriteObject(new TrainedDeltaModel(ModelFolder.Load(ResolvePath(path)), training: null)); }
            catch (Exception e) when (e is not RuntimeException) { WriteError(ErrorRecords.From(e, path)); }
        }
    }
}
