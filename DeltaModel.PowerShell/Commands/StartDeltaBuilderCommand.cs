using System.Management.Automation;
using DeltaModel.Builder;
using DeltaModel.PowerShell.Hosting;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Starts the experiment builder: a local web page to create, check, run and compare experiments (docs/gui.md).</para>
/// <para type="description">Serves the page on the loopback address, in the background of this session, and returns the builder: its Url
/// (with the random access token of this start), Address, Port and Workspace. The page is opened in the default browser
/// unless -NoBrowser. The builder serves until $builder.Stop(), Stop-DeltaBuilder or the end of the session; with -Wait the
/// cmdlet serves until Ctrl+C instead, as 'deltamodel gui' does. The page reads and writes only inside -Workspace, and lists
/// the basins of datasets only there and in the -DataRoot folders.</para>
/// <example><code>$b = Start-DeltaBuilder -Workspace . ; $b.Url</code><para>Starts the builder for the current folder, opens the page, and shows its URL; $b.Stop() stops it.</para></example>
/// <example><code>Start-DeltaBuilder -Workspace ~/runs -DataRoot /data/camels -Port 8765 -NoBrowser -Wait</code><para>Serves on port 8765 without opening a browser, lets the page list the basins of datasets under /data/camels, and runs until Ctrl+C.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "DeltaBuilder")]
[OutputType(typeof(DeltaBuilder))]
public sealed class StartDeltaBuilderCommand : DeltaCmdlet
{
    readonly CancellationTokenSource stop = new();

    /// <summary>The only folder the page may read and write (experiments and their outputs); default: the current location.</summary>
    [Parameter(Position = 0)]
    [Alias("PSPath")]
    public string? Workspace { get; set; }

    /// <summary>TCP port on the loopback address; default: a free one.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>Folders outside the workspace whose datasets the page may read to list their basins.</summary>
    [Parameter]
    public string[] DataRoot { get; set; } = [];

    /// <summary>Do not open the page in a browser (use the returned Url).</summary>
    [Parameter]
    public SwitchParameter NoBrowser { get; set; }

    /// <summary>Serve until Ctrl+C, then stop, instead of returning at once with the builder serving in the background.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    protected override void EndProcessing()
    {
        if (AspNetCoreFramework.Folder is null && !AspNetCoreLoaded())
            Fail("AspNetCoreNotFound", ErrorCategory.NotInstalled, null, AspNetCoreFramework.Missing);
        DeltaBuilder? builder = null;
        Terminating(() => builder = Start(), () => Workspace);
        WriteObject(builder);
        if (!NoBrowser && DefaultBrowser.Open(builder!.Url) is { } why) WriteWarning(why);
        if (!Wait) return;
        WriteVerbose("serving until Ctrl+C");
        stop.Token.WaitHandle.WaitOne();
        builder!.Stop();
    }

    protected override void StopProcessing() => stop.Cancel();

    DeltaBuilder Start()
    {
        var options = new BuilderOptions
        {
            Workspace = ResolvePath(Workspace ?? "."),
            Port = Port,
            DataRoots = [.. DataRoot.Select(ResolvePath)],
        };
        return new DeltaBuilder(BuilderServer.Start(options).GetAwaiter().GetResult());
    }

    /// <summary>True in hosts that run on ASP.NET Core's framework already (a test host, an ASP.NET app).</summary>
    static bool AspNetCoreLoaded() => Type.GetType("Microsoft.AspNetCore.Http.HttpContext, Microsoft.AspNetCore.Http.Abstractions") is not null;
}
