using DeltaModel.Core.Outputs;
using DeltaModel.Reporting;

namespace DeltaModel.Cli.Workspace;

/// <summary>
/// The file that says a unit's last run of one action finished: <c>obj/&lt;unit&gt;.&lt;Action&gt;.done</c> beside the
/// experiment (Experiments.proj's Output, with the runner's results.json). The runner's own files are never renamed:
/// a Train or Test run overwrites results.json with a partial run, so it makes the unit's Reproduce marker stale
/// instead, and a later Reproduce runs again.
/// </summary>
internal sealed record UnitMarker
{
    public const string Reproduce = "Reproduce";
    const string Extension = ".done";

    public string Path { get; }
    /// <summary>The unit's id (<c>main</c>, <c>sweep-&lt;member&gt;</c>).</summary>
    public string Unit { get; }
    /// <summary>The Experiments.proj action: Reproduce, Train or Test.</summary>
    public string Action { get; }

    public UnitMarker(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        var name = System.IO.Path.GetFileName(Path);
        var dot = name.EndsWith(Extension, StringComparison.Ordinal) ? name[..^Extension.Length].LastIndexOf('.') : -1;
        if (dot <= 0) throw new ArgumentException($"{Path}: not a unit marker; expected <unit>.<Action>{Extension}.");
        (Unit, Action) = (name[..dot], name[(dot + 1)..^Extension.Length]);
    }

    /// <summary>The runner arguments that this run adds: <c>--fresh</c> when the marker exists, since the unit runs
    /// only because an input changed, so an older checkpoint must not be resumed; none without a marker (a first run,
    /// or one that crashed, may resume). A test-only run never resets the trained model.</summary>
    public string RunnerArguments(string? mode) => File.Exists(Path) && mode != "test" ? "--fresh" : "";

    /// <summary>After the runner exited 0: checks that it wrote <paramref name="resultsJson"/> (its last output), then
    /// writes this marker and makes the unit's Reproduce marker stale when this was a partial run.</summary>
    public void Complete(string resultsJson, string label)
    {
        if (!File.Exists(resultsJson))
            throw new FileNotFoundException($"{label}: the runner exited 0 but wrote no {resultsJson}; expected it as its last output (runner contract, docs/experiments.md).", resultsJson);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        AtomicFile.WriteAllText(Path, $"{Action} of {Unit} finished; results: {resultsJson}\n");
        if (Action != Reproduce) File.Delete(Sibling(Reproduce));
    }

    /// <summary>
    /// Markers for the runs an experiment finished before the workspace had markers, when its results were the
    /// markers (<c>out/results.json</c> for Reproduce, <c>out/sweep/&lt;member&gt;/results.json</c>, and the
    /// <c>results.train.json</c>/<c>results.test.json</c> that Train and Test renamed them to): each gets the time of
    /// its results file, so what was up to date stays up to date instead of re-running every experiment once. A unit
    /// that has any marker is left alone (its results.json may be a partial run that made Reproduce stale).
    /// </summary>
    public static void AdoptEarlierResults(string experimentFolder)
    {
        var obj = System.IO.Path.Combine(experimentFolder, "obj");
        var outputs = new RunFolder(System.IO.Path.Combine(experimentFolder, "out"));
        Adopt("main", (outputs.Results, Reproduce),
              (System.IO.Path.Combine(outputs.Folder, "results.train.json"), "Train"),
              (System.IO.Path.Combine(outputs.Folder, "results.test.json"), "Test"));
        if (Directory.Exists(outputs.SweepFolder))
            foreach (var member in Directory.EnumerateDirectories(outputs.SweepFolder))
                Adopt($"sweep-{System.IO.Path.GetFileName(member)}", (new RunFolder(member).Results, Reproduce));

        void Adopt(string unit, params (string Results, string Action)[] runs)
        {
            if (Directory.Exists(obj) && Directory.EnumerateFiles(obj, $"{unit}.*{Extension}").Any()) return;
            foreach (var (results, action) in runs.Where(r => File.Exists(r.Results)))
            {
                var marker = System.IO.Path.Combine(obj, $"{unit}.{action}{Extension}");
                Directory.CreateDirectory(obj);
                File.WriteAllText(marker, $"{action} of {unit} finished before markers existed; results: {results}\n");
                File.SetLastWriteTimeUtc(marker, File.GetLastWriteTimeUtc(results));
            }
        }
    }

    string Sibling(string action) => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, $"{Unit}.{action}{Extension}");
}
