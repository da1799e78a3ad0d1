using DeltaModel.Core.Outputs;

namespace DeltaModel.Cli.Workspace.Slurm;

/// <summary>
/// Sends the units Experiments.proj queued to Slurm and, unless told not to, waits for them: one job array per set
/// of equal resources (<see cref="SlurmResources"/>), one array task per unit. A unit whose earlier task is still
/// queued or running (a build that did not wait) is waited for, not submitted again. After the wait a unit succeeded
/// when its task wrote its marker; every other unit is reported as an MSBuild error with its name, how its task ended
/// and the tail of its log. A unit that combines an experiment's members (<see cref="SlurmTask.Members"/>) is submitted
/// after them as a job that depends on their tasks (<c>--dependency=afterok</c>): it starts once they all succeeded,
/// and Slurm cancels it when one fails (<c>--kill-on-invalid-dep=yes</c>), so a failed member never leaves it waiting.
/// </summary>
/// <param name="slurm">The Slurm client tools.</param>
/// <param name="output">Where progress and errors go (MSBuild's Exec reads them).</param>
/// <param name="poll">How often squeue is asked while waiting.</param>
internal sealed class SlurmSubmission(SlurmCommands slurm, TextWriter output, TimeSpan poll)
{
    /// <summary>Lines of a failed unit's log shown in the build output.</summary>
    public const int LogTailLines = 20;
    const string ErrorCode = "DMSLURM01";

    /// <summary>Submits the task files in <paramref name="queueFolder"/> (then deletes it), writing the job scripts
    /// into <paramref name="jobsFolder"/>; returns 0 when every unit finished (or was left running with
    /// <paramref name="wait"/> false), 1 when one did not.</summary>
    public int Run(string queueFolder, string jobsFolder, SlurmResources given, bool wait)
    {
        var tasks = Directory.Exists(queueFolder)
            ? Directory.EnumerateFiles(queueFolder, "*.task").Order(StringComparer.Ordinal).Select(SlurmTask.Read).ToList()
            : [];
        var queued = tasks.Count == 0 ? new Dictionary<(long, int), string>() : slurm.Queued();
        var watched = new List<(SlurmTask Task, SlurmTicket Ticket)>();
        var fresh = new List<SlurmTask>();
        foreach (var task in tasks)
        {
            var earlier = SlurmTicket.TryRead(task.TicketFile);
            if (earlier is not null && queued.ContainsKey((earlier.Job, earlier.Task)))
            {
                output.WriteLine($"{task.Label}: still in Slurm's queue as task {earlier.Id}; not submitted again.");
                watched.Add((task, earlier));
            }
            else
            {
                if (earlier is not null && !earlier.Finished(task.Marker))
                    output.WriteLine($"{task.Label}: its earlier task {earlier.Id} ended without results ({slurm.EndState(earlier) ?? "state unknown"}); submitting it again.");
                fresh.Add(task);
            }
        }

        // Members (and every other unit) first; then each combining unit, depending on its members' tasks.
        bool WaitsForMembers(SlurmTask t) => t.Members.Any(m => fresh.Concat(watched.Select(w => w.Task)).Any(u => SameFile(u.Marker, m)));
        var combining = fresh.Where(WaitsForMembers).ToList();
        foreach (var group in fresh.Except(combining).GroupBy(t => given.Over(t.ExperimentDir)))
            watched.AddRange(Submit(group.ToList(), group.Key, jobsFolder, []));
        foreach (var task in combining)
        {
            var members = watched.Where(w => task.Members.Any(m => SameFile(w.Task.Marker, m))).Select(w => w.Ticket.Id).ToList();
            watched.AddRange(Submit([task], given.Over(task.ExperimentDir), jobsFolder,
                                    [$"--dependency=afterok:{string.Join(':', members)}", "--kill-on-invalid-dep=yes"]));
        }
        if (Directory.Exists(queueFolder)) Directory.Delete(queueFolder, recursive: true);

        if (watched.Count == 0) return 0;
        if (!wait)
        {
            output.WriteLine($"Not waiting (SlurmWait=false): {watched.Count} unit(s) in Slurm's queue; run the same build again to " +
                             "collect the finished ones and resubmit the failed ones.");
            return 0;
        }
        Wait(watched.Select(w => w.Ticket).ToList());
        return Verdict(watched);
    }

    static bool SameFile(string a, string b) => Path.GetFullPath(a) == Path.GetFullPath(b);

    /// <param name="dependency">sbatch arguments that make the array wait for other tasks (none: it may start at once).</param>
    IEnumerable<(SlurmTask, SlurmTicket)> Submit(IReadOnlyList<SlurmTask> tasks, SlurmResources resources, string jobsFolder, IReadOnlyList<string> dependency)
    {
        Directory.CreateDirectory(jobsFolder);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'.'fff", System.Globalization.CultureInfo.InvariantCulture);
        var script = Path.Combine(jobsFolder, $"array-{stamp}-{Guid.NewGuid().ToString("N")[..6]}.sh");
        AtomicFile.WriteAllText(script, SlurmArrayScript.For(tasks));
        var submitted = DateTime.UtcNow;
        var arguments = resources.SbatchArguments().Concat(dependency).ToList();
        var job = slurm.SubmitArray(script, tasks.Count, Path.Combine(jobsFolder, "%A_%a.out"), arguments);
        output.WriteLine($"Submitted Slurm job array {job} ({tasks.Count} task(s){(arguments.Count > 0 ? ", " + string.Join(' ', arguments) : "")}):");
        var tickets = new List<(SlurmTask, SlurmTicket)>();
        for (int i = 0; i < tasks.Count; i++)
        {
            var ticket = new SlurmTicket(job, i, submitted);
            ticket.Write(tasks[i].TicketFile);
            output.WriteLine($"  {ticket.Id}: {tasks[i].Label} (log: {tasks[i].Log})");
            tickets.Add((tasks[i], ticket));
        }
        return tickets;
    }

    /// <summary>Polls squeue until none of <paramref name="tickets"/> is queued or running; prints the counts when they change.</summary>
    void Wait(IReadOnlyList<SlurmTicket> tickets)
    {
        var last = "";
        while (true)
        {
            var queued = slurm.Queued();
            var states = tickets.Select(t => queued.GetValueOrDefault((t.Job, t.Task))).OfType<string>().ToList();
            if (states.Count == 0) return;
            var now = string.Join(", ", states.GroupBy(s => s.ToLowerInvariant()).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"));
            if (now != last) output.WriteLine($"Waiting for Slurm: {now} (of {tickets.Count})");
            last = now;
            output.Flush();
            Thread.Sleep(poll);
        }
    }

    int Verdict(IReadOnlyList<(SlurmTask Task, SlurmTicket Ticket)> watched)
    {
        var failed = watched.Where(w => !w.Ticket.Finished(w.Task.Marker)).ToList();
        foreach (var (task, ticket) in failed)
        {
            var failedMembers = failed.Where(f => task.Members.Any(m => SameFile(f.Task.Marker, m))).Select(f => f.Task.Label).ToList();
            if (failedMembers.Count > 0)
            {
                // Its own log is empty: Slurm cancelled it before it started. The members' errors say why.
                output.WriteLine($"{task.Log}: error {ErrorCode}: {task.Label}: not combined (Slurm task {ticket.Id}), since member(s) " +
                                 $"{string.Join(", ", failedMembers)} failed; see their errors.");
                continue;
            }
            // The canonical "<file>: error CODE: text" form makes MSBuild's Exec log it as an error.
            output.WriteLine($"{task.Log}: error {ErrorCode}: {task.Label}: Slurm task {ticket.Id} ended without results " +
                             $"({slurm.EndState(ticket) ?? "state unknown"}); the last lines of its log follow.");
            foreach (var line in Tail(task.Log)) output.WriteLine($"    {line}");
        }
        output.WriteLine($"Slurm: {watched.Count - failed.Count} of {watched.Count} unit(s) finished.");
        return failed.Count == 0 ? 0 : 1;
    }

    static IEnumerable<string> Tail(string log) =>
        File.Exists(log) ? File.ReadLines(log).TakeLast(LogTailLines) : [$"(no log: {log} was not written; the task never started)"];
}
