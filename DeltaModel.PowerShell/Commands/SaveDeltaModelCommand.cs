using System.Management.Automation;
using DeltaModel.Application;
using DeltaModel.PowerShell.Hosting;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Copies a trained model (config, normalization statistics, checkpoints, training log) to a folder.</para>
/// <para type="description">Never overwrites silently: when any model file already exists at the destination, nothing
/// is copied and each existing file is reported, unless -Force. -WhatIf lists the copies. Returns the saved model.</para>
/// <example><code>$trained | Save-DeltaModel -Destination ./saved/dhbv</code><para>Copies the trained model to ./saved/dhbv; nothing is overwritten there without -Force.</para></example>
/// </summary>
[Cmdlet(VerbsData.Save, "DeltaModel", SupportsShouldProcess = true)]
[OutputType(typeof(TrainedDeltaModel))]
public sealed class SaveDeltaModelCommand : DeltaCmdlet
{
    /// <summary>The trained model.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public TrainedDeltaModel Model { get; set; } = null!;

    /// <summary>Destination folder (created if needed).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("Path")]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    /// <summary>Overwrite model files that already exist at the destination.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => Terminating(Save, () => Model);

    void Save()
    {
        var destination = ResolvePath(Destination);
        var source = System.IO.Path.GetFullPath(Model.OutputPath);
        if (string.Equals(System.IO.Path.TrimEndingDirectorySeparator(source), System.IO.Path.TrimEndingDirectorySeparator(destination),
                OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            Fail("SameFolder", ErrorCategory.InvalidArgument, Destination, $"the model is already in {destination}.");

        var files = ModelFolder.Files(source);
        var existing = files.Where(f => File.Exists(System.IO.Path.Combine(destination, f))).ToList();
        if (existing.Count > 0 && !Force)
        {
            foreach (var f in existing)
                WriteError(ErrorRecords.Create("FileExists", ErrorCategory.ResourceExists, System.IO.Path.Combine(destination, f),
                    $"{System.IO.Path.Combine(destination, f)} exists; nothing was copied. Use -Force to overwrite or choose another -Destination."));
            return;
        }
        int copied = 0;
        foreach (var f in files)
        {
            var target = System.IO.Path.Combine(destination, f);
            if (!ShouldProcess(target, $"Copy {f} from {source}")) continue;
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(System.IO.Path.Combine(source, f), target, overwrite: Force);
            copied++;
        }
        if (copied == files.Count) WriteObject(new TrainedDeltaModel(ModelFolder.Load(destination), training: null));
    }
}
