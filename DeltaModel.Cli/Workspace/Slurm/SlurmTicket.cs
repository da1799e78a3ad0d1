using System.Globalization;
using DeltaModel.Core.Outputs;

namespace DeltaModel.Cli.Workspace.Slurm;

/// <summary>
/// Which Slurm array task runs a unit, kept beside its marker (obj/&lt;unit&gt;.&lt;Action&gt;.slurm), so a build
/// that did not wait (-p:SlurmWait=false) or was interrupted finds the unit's task again: still queued, it is waited
/// for instead of submitted twice; ended, its results count only if its marker is newer than the submission.
/// </summary>
/// <param name="Job">The array's job id.</param>
/// <param name="Task">The array task index.</param>
/// <param name="Submitted">When it was submitted (UTC, taken before sbatch ran, so a task that finishes at once still
/// counts as after it).</param>
internal sealed record SlurmTicket(long Job, int Task, DateTime Submitted)
{
    public string Id => $"{Job}_{Task}";

    /// <summary>True when <paramref name="marker"/> was written by this submission's task.</summary>
    public bool Finished(string marker) => File.Exists(marker) && File.GetLastWriteTimeUtc(marker) >= Submitted;

    public void Write(string path) =>
        AtomicFile.WriteAllText(path, $"job={Job}\ntask={Task}\nsubmitted={Submitted.ToString("O", CultureInfo.InvariantCulture)}\n");

    /// <summary>The ticket in <paramref name="path"/>; null when there is none or it cannot be read (it is only a
    /// hint: without it the unit is submitted again).</summary>
    public static SlurmTicket? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        var values = File.ReadAllLines(path).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        return values.TryGetValue("job", out var job) && long.TryParse(job, CultureInfo.InvariantCulture, out var j)
               && values.TryGetValue("task", out var task) && int.TryParse(task, CultureInfo.InvariantCulture, out var t)
               && values.TryGetValue("submitted", out var at)
               && DateTime.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var s)
            ? new SlurmTicket(j, t, s) : null;
    }
}
