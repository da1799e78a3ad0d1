using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace DeltaModel.PowerShell.Tests;

/// <summary>
/// One hosted PowerShell engine with the module imported from its manifest, shared by the tests of a collection (the
/// runspace, TorchSharp and the trained sample model are set up once). Runspace: InitialSessionState.CreateDefault2(),
/// i.e. the ~58 core commands without the Utility module, as in a minimal host.
/// </summary>
public sealed class ModuleSession : IDisposable
{
    public ModuleSession()
    {
        Manifest = Path.Combine(AppContext.BaseDirectory, "DeltaModel.psd1");
        Work = Directory.CreateTempSubdirectory("deltamodel-ps-").FullName;
        var iss = InitialSessionState.CreateDefault2();
        iss.ImportPSModule(Manifest);
        Host = new CapturingHost();
        Runspace = RunspaceFactory.CreateRunspace(Host, iss);
        Runspace.Open();
        Runspace.SessionStateProxy.Path.SetLocation(Work);
        Run($"$sample = '{Sample}'");
        trained = new Lazy<Result>(() => Run($$"""
            $d = Import-HydroDataset -Path $sample -Basin {{Basins}} -Period {{DataPeriod}}
            $t = $d | New-DeltaModel -HiddenSize 8 -WarmUp 30 -Rho 60 |
                Start-DeltaTraining -Period {{TrainPeriod}} -Epochs 1 -IterationsPerEpoch 2 -OutputPath ./trained/lstm
            $t
            """));
    }

    /// <summary>The module manifest in the test output folder.</summary>
    public string Manifest { get; }

    /// <summary>A temp folder, the runspace's current location; deleted at the end.</summary>
    public string Work { get; }

    public Runspace Runspace { get; }

    /// <summary>Collects what cmdlets write to the host (What if: lines).</summary>
    public CapturingHost Host { get; }

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Sample => Path.Combine(RepoRoot, "data", "camels-sample");

    /// <summary>Three basins of the embedded sample.</summary>
    public const string Basins = "01013500,01022500,01333000";

    /// <summary>Input days: training 1995-10-01..1996-09-30 and simulation 1996-10-01..1997-09-30, each with 30 warm-up days before.</summary>
    public const string DataPeriod = "1995-09-01..1997-09-30";

    public const string TrainPeriod = "1995-10-01..1996-09-30";
    public const string SimulationPeriod = "1996-10-01..1997-09-30";

    /// <summary>Loads the sample into <c>$d</c> and trains a tiny LSTM into <c>$t</c> once (hidden 8, warm-up 30, rho 60, 1 epoch × 2 minibatches).</summary>
    public Result Trained => trained.Value;

    readonly Lazy<Result> trained;

    /// <summary>Runs a script in the shared runspace; returns output and every stream.</summary>
    public Result Run(string script)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        Host.Clear();
        Exception? terminating = null;
        Collection<PSObject> output = [];
        try { output = ps.Invoke(); }
        catch (RuntimeException e) { terminating = e; }
        return new Result(output, [.. ps.Streams.Error], [.. ps.Streams.Progress], [.. ps.Streams.Warning], [.. ps.Streams.Verbose],
            terminating, Host.Text);
    }

    public void Dispose()
    {
        Runspace.Dispose();
        try { Directory.Delete(Work, recursive: true); } catch (IOException) { }
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DeltaModel.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (DeltaModel.slnx) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>What one script produced.</summary>
    public sealed record Result(Collection<PSObject> Output, List<ErrorRecord> Errors, List<ProgressRecord> Progress,
        List<WarningRecord> Warnings, List<VerboseRecord> Verbose, Exception? Terminating, string HostText)
    {
        /// <summary>The error record of a terminating error, or the first non-terminating one.</summary>
        public ErrorRecord? Error => (Terminating as IContainsErrorRecord)?.ErrorRecord ?? Errors.FirstOrDefault();

        public T Single<T>() => Assert.IsType<T>(Assert.Single(Output).BaseObject);

        public void AssertClean()
        {
            Assert.True(Terminating is null, Terminating?.Message);
            Assert.True(Errors.Count == 0, string.Join("\n", Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception.Message}")));
        }
    }
}
