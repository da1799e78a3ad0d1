using System.Diagnostics;

namespace DeltaModel.Cli.Tests.Experiments;

/// <summary>
/// The single-node Slurm cluster of build/slurm/start-local-cluster.sh, started once per test run when it is not
/// already up (CI's .ci/run installs slurm-wlm and munge and starts it). Where it cannot be started (no packages, not
/// root, Windows) <see cref="Unavailable"/> says why, and the Slurm tests skip with that reason.
/// </summary>
internal static class LocalSlurm
{
    static readonly Lazy<string?> reason = new(Start);

    /// <summary>Null when Slurm answers; else why not.</summary>
    public static string? Unavailable => reason.Value;

    public static void SkipUnlessRunning() => Skip.If(Unavailable is not null, $"no Slurm cluster: {Unavailable}");

    /// <summary>Runs a Slurm client tool (squeue, scancel); returns its output, failing the test when it fails.</summary>
    public static string Tool(string tool, params string[] arguments)
    {
        var (code, output) = Run(tool, arguments);
        Assert.True(code == 0, $"{tool} {string.Join(' ', arguments)} exited {code}: {output}");
        return output;
    }

    static string? Start()
    {
        if (OperatingSystem.IsWindows()) return "Slurm runs on Linux only";
        var script = Path.Combine(ExperimentsWorkspace.RepoRoot, "build", "slurm", "start-local-cluster.sh");
        var (code, output) = Run("bash", script);
        return code == 0 ? null : $"{script} failed: {output.Trim()}";
    }

    static (int Code, string Output) Run(string tool, params string[] arguments)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(psi)!;
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + errors.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{tool}: {e.Message}");
        }
    }
}
