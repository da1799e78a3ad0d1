using System.Management.Automation;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Stops experiment builders started with Start-DeltaBuilder.</para>
/// <para type="description">Stops the builders given (from the pipeline), or every builder this session still serves when none is given.
/// A run still going on a builder is cancelled; the checkpoint of its last finished epoch stays, so the run resumes from it.</para>
/// <example><code>$b | Stop-DeltaBuilder</code><para>Stops the builder in $b.</para></example>
/// <example><code>Stop-DeltaBuilder</code><para>Stops every builder started in this session.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "DeltaBuilder", SupportsShouldProcess = true)]
[OutputType(typeof(DeltaBuilder))]
public sealed class StopDeltaBuilderCommand : PSCmdlet
{
    /// <summary>The builders to stop (from Start-DeltaBuilder); default: every one still serving.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public DeltaBuilder[]? InputObject { get; set; }

    /// <summary>Write the stopped builders to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    bool given;

    protected override void ProcessRecord()
    {
        if (InputObject is null) return;
        given = true;
        foreach (var builder in InputObject) Stop(builder);
    }

    protected override void EndProcessing()
    {
        if (given) return;
        foreach (var builder in DeltaBuilder.Serving) Stop(builder);
    }

    void Stop(DeltaBuilder builder)
    {
        if (!ShouldProcess(builder.Address.ToString(), "Stop the experiment builder")) return;
        builder.Stop();
        if (PassThru) WriteObject(builder);
    }
}
