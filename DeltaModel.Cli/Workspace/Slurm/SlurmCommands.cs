using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace DeltaModel.Cli.Workspace.Slurm;

/// <summary>
/// The Slurm client tools the workspace uses: <c>sbatch</c> to submit an array, <c>squeue</c> to see which tasks are
/// still queued or running, and <c>scontrol</c> (or <c>sacct</c> where accounting is on) to tell how an ended task
/// ended. Only their stable, scriptable forms are used (<c>--parsable</c>, <c>-h -o</c>, <c>-o</c> one-liners).
/// </summary>
internal class SlurmCommands
{
    /// <summary>Submits <paramref name="script"/> as an array of <paramref name="tasks"/> tasks; returns its job id.</summary>
    public virtual long SubmitArray(string script, int tasks, string fallbackLog, IEnumerable<string> arguments)
    {
        var (code, stdout, stderr) = Run("sbatch", ["--parsable", $"--array=0-{tasks - 1}", "--job-name=deltamodel",
                                                    $"--output={fallbackLog}", .. arguments, script]);
        var id = stdout.Trim().Split(';')[0];
        if (code != 0 || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var job))
            throw new SlurmException($"sbatch refused the job array {script} (exit {code}): {(stderr + stdout).Trim()}");
        return job;
    }

    /// <summary>The state (PENDING, RUNNING, …) of every array task Slurm still holds in its queue, by job and task.</summary>
    public virtual IReadOnlyDictionary<(long Job, int Task), string> Queued()
    {
        var (code, stdout, stderr) = Run("squeue", ["-h", "-r", "-o", "%F|%K|%T"]);
        if (code != 0) throw new SlurmException($"squeue failed (exit {code}): {stderr.Trim()}");
        var queued = new Dictionary<(long, int), string>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|');
            if (parts.Length == 3 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var job)
                && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var task))
                queued[(job, task)] = parts[2];
        }
        return queued;
    }

    /// <summary>How an ended task ended (<c>FAILED, exit code 1:0</c>, <c>CANCELLED</c>, <c>TIMEOUT</c>…), from the
    /// controller while it still remembers the job, else from accounting; null when neither knows.</summary>
    public virtual string? EndState(SlurmTicket ticket)
    {
        var (code, stdout, _) = Run("scontrol", ["-o", "show", "job", ticket.Id]);
        if (code == 0 && Field(stdout, "JobState") is { } state)
            return $"{state}, exit code {Field(stdout, "ExitCode") ?? "?"}";
        (code, stdout, _) = Run("sacct", ["-n", "-P", "-X", "-j", ticket.Id, "-o", "State,ExitCode"]);
        var row = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()?.Split('|');
        return code == 0 && row is { Length: 2 } ? $"{row[0]}, exit code {row[1]}" : null;
    }

    static string? Field(string oneLine, string name) =>
        oneLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(f => f.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];

    static (int Code, string Stdout, string Stderr) Run(string tool, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout, stderr.Result);
        }
        catch (Win32Exception)
        {
            throw new SlurmException($"{tool} not found on PATH: -p:Scheduler=slurm submits from a machine with the Slurm client " +
                                     "tools (sbatch, squeue, scontrol); see docs/experiments.md, \"Running on a cluster\".");
        }
    }
}
