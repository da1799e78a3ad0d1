namespace DeltaModel.Cli.Workspace.Slurm;

/// <summary>
/// One unit that Experiments.proj found out of date and queued for Slurm instead of running it: what the array task
/// runs and where it reports. Experiments.proj writes it as <c>key=value</c> lines (a task file in the build's queue
/// folder), since the commands are the same shell lines its local Exec would run.
/// </summary>
/// <param name="Label">The unit's name in messages: <c>experiment</c> or <c>experiment [member]</c>.</param>
/// <param name="Marker">The unit's marker (obj/&lt;unit&gt;.&lt;Action&gt;.done), written by <see cref="Finish"/>.</param>
/// <param name="Output">The unit's output folder; its Slurm log goes there.</param>
/// <param name="ExperimentDir">The experiment folder (its <c>slurm.yaml</c> holds the unit's resources).</param>
/// <param name="Run">The runner command line, without <see cref="Start"/>.</param>
/// <param name="Mode">The runner mode of the action (<c>train</c>, <c>test</c>; empty: the file's), for <see cref="Start"/>.</param>
/// <param name="Finish">The <c>workspace finish</c> command line that checks results.json and writes the marker.</param>
/// <param name="Environment">Variables the runner gets (<c>NAME=value</c>, ';'-separated as MSBuild's Exec takes them).</param>
/// <param name="Shipped">The experiment's shipped model folder where a Reproduce unit has one (else empty): re-tested
/// unless <paramref name="Retrain"/>, as a local run (<see cref="UnitStart"/>).</param>
/// <param name="Retrain">-p:Retrain=true.</param>
/// <param name="After">The markers of the members this unit combines (<c>--combine</c>); empty for any other unit. Those
/// queued with it run first: this unit's task depends on theirs.</param>
internal sealed record SlurmTask(string Label, string Marker, string Output, string ExperimentDir, string Run, string Mode,
                                 string Finish, string Environment, string Shipped = "", bool Retrain = false, IReadOnlyList<string>? After = null)
{
    /// <summary>The member markers this unit waits for (full paths).</summary>
    public IReadOnlyList<string> Members => After ?? [];
    /// <summary>What a local run would add (<see cref="UnitStart"/>: <c>--fresh</c>, <c>--mode test</c> from shipped
    /// weights, which it copies into the output folder, or nothing), decided at submission; a task that Slurm requeues
    /// (preemption, node failure) gets only <see cref="UnitStart.Kept"/>, so it resumes from its own checkpoint.</summary>
    public UnitStart Start() => UnitStart.Decide(new UnitMarker(Marker), Mode, Shipped, Output, Retrain, combine: Members.Count > 0);

    /// <summary>The unit's log in its output folder: every attempt appends to it.</summary>
    public string Log => Path.Combine(Output, "slurm.log");

    /// <summary>Where the Slurm job and task of the unit's last submission are kept (beside its marker).</summary>
    public string TicketFile => Path.ChangeExtension(Marker, ".slurm");

    /// <summary>Reads a task file; a missing key or a line that is not <c>key=value</c> is an error naming the file
    /// and line.</summary>
    public static SlurmTask Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var eq = lines[i].IndexOf('=');
            if (eq <= 0) throw new InvalidDataException($"{path}:{i + 1}: '{lines[i]}' is not key=value.");
            values[lines[i][..eq]] = lines[i][(eq + 1)..];
        }
        string Get(string key, bool required = true) => values.TryGetValue(key, out var v) && (v.Length > 0 || !required) ? v
            : required ? throw new InvalidDataException($"{path}: no '{key}=' line; expected label, marker, output, experiment_dir, run and finish (mode, environment, shipped, retrain and after are optional).")
            : "";
        return new SlurmTask(Get("label"), Get("marker"), Get("output"), Get("experiment_dir"), Get("run"),
                             Get("mode", required: false), Get("finish"), Get("environment", required: false),
                             Get("shipped", required: false), MSBuildBoolean.IsTrue(Get("retrain", required: false)),
                             Get("after", required: false).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                                                          .Select(Path.GetFullPath).ToList());
    }
}
