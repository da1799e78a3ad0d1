using System.Diagnostics;
using System.Text;

namespace DeltaModel.Cli.Tests.Experiments;

/// <summary>
/// A scratch experiments/ folder driven by the repository's Experiments.proj with the fake runner
/// (Experiments/Fixtures/fake-runner.sh) and the test build's deltamodel.dll as report tool, so no real training happens and the
/// real runner is never rebuilt (SkipRunnerBuild=true). A test that needs real training sets <see cref="RunnerCommand"/>
/// to <see cref="RealRunner"/> (the test build's deltamodel.dll).
/// </summary>
internal sealed class ExperimentsWorkspace : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("dm-experiments-").FullName;
    public string ExperimentsDir => Path.Combine(Root, "experiments");
    static readonly string Bin = AppContext.BaseDirectory;
    static readonly string FakeRunner = Path.Combine(Bin, "Experiments", "Fixtures", "fake-runner.sh");

    /// <summary>What Experiments.proj runs as <c>&lt;cmd&gt; run …</c>; the fake runner unless a test sets it.</summary>
    public string RunnerCommand { get; init; } = $"sh \"{FakeRunner}\"";
    /// <summary>The test build's real runner, for <see cref="RunnerCommand"/>.</summary>
    public static string RealRunner { get; } = $"dotnet \"{Path.Combine(Bin, "deltamodel.dll")}\"";
    /// <summary>Variables set in msbuild's environment, which its runners (and Slurm's tasks, sbatch exporting it) inherit.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
    /// <summary>How long one msbuild may take before the test fails.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    public ExperimentsWorkspace()
    {
        Directory.CreateDirectory(Path.Combine(Root, "data"));
        File.WriteAllText(Path.Combine(Root, "data", "basins.txt"), "01022500\n01031500\n");
        File.WriteAllText(Path.Combine(Root, "data", "01022500_streamflow_qc.txt"), "x");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>Adds experiments/&lt;name&gt;/ whose fake run reports a median NSE of 0.7; <paramref name="published"/>
    /// is the published median NSE it is compared with (tolerance 0.02); <paramref name="format"/> and
    /// <paramref name="dataPath"/> are its data.format (none by default) and data.path.</summary>
    public string AddExperiment(string name, double? published = 0.7, string? requires = null, string? format = null, string dataPath = "../../data")
    {
        var dir = Directory.CreateDirectory(Path.Combine(ExperimentsDir, name)).FullName;
        var formatLine = format is null ? "" : $"  format: {format}\n";
        File.WriteAllText(Path.Combine(dir, "experiment.yaml"),
            $"name: {name}\ndata:\n{formatLine}  path: {dataPath}\n  basin_file: ../../data/basins.txt\n" +
            "train:\n  period: {start: 2000-10-01, end: 2002-09-30}\n  epochs: 1\ntest:\n  period: {start: 2002-10-01, end: 2003-09-30}\n");
        if (published is { } p)
            File.WriteAllText(Path.Combine(dir, "fake-expected.json"),
                $"[{{\"metric\":\"nse\",\"statistic\":\"median\",\"value\":{p.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"tolerance\":0.02,\"source\":\"fixture\"}}]");
        if (requires is not null) File.WriteAllText(Path.Combine(dir, "requires.txt"), requires + "\n");
        return dir;
    }

    /// <summary>The runner's last command line for an experiment (the last line of its runner.log).</summary>
    public string LastRun(string name) => File.ReadAllLines(Path.Combine(ExperimentsDir, name, "runner.log"))[^1];

    /// <summary>How often the fake runner ran for an experiment (lines of its runner.log).</summary>
    public int Runs(string name)
    {
        var log = Path.Combine(ExperimentsDir, name, "runner.log");
        return File.Exists(log) ? File.ReadAllLines(log).Length : 0;
    }

    /// <summary>Runs <c>dotnet msbuild Experiments.proj</c>; returns exit code and the whole log (for failure messages).</summary>
    public (int ExitCode, string Log) MSBuild(string target, params string[] properties) => MSBuild(target, nodes: 1, properties);

    /// <summary>As above with <paramref name="nodes"/> MSBuild nodes (<c>-m:N</c>).</summary>
    public (int ExitCode, string Log) MSBuild(string target, int nodes, params string[] properties)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var a in new[] { "msbuild", Path.Combine(RepoRoot, "Experiments.proj"), $"-t:{target}", "-nologo", "-nodeReuse:false",
                     "-v:m", $"-m:{nodes}", "-p:SkipRunnerBuild=true", $"-p:ExperimentsRoot={ExperimentsDir}",
                     $"-p:RunnerCommand={RunnerCommand}", $"-p:RunnerBinaries={FakeRunner}",
                     $"-p:ReportCommand=dotnet \"{Path.Combine(Bin, "deltamodel.dll")}\"", $"-p:ReportBinaries={Path.Combine(Bin, "DeltaModel.Reporting.dll")}" })
            psi.ArgumentList.Add(a);
        foreach (var p in properties) psi.ArgumentList.Add($"-p:{p}");
        // The test host may run inside an MSBuild-launched process; its MSBuild* variables must not leak into ours.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            psi.Environment.Remove(key);
        psi.Environment.Remove("OMP_WAIT_POLICY");                 // what the runs get is under test
        foreach (var (name, value) in Variables) psi.Environment[name] = value;
        using var process = Process.Start(psi)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout)) { process.Kill(entireProcessTree: true); throw new TimeoutException(log.ToString()); }
        process.WaitForExit();
        return (process.ExitCode, log.ToString());
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Experiments.proj"))) return d.FullName;
        throw new InvalidOperationException($"Experiments.proj not found above {AppContext.BaseDirectory}.");
    }
}
