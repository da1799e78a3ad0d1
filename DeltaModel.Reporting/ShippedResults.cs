using DeltaModel.Core.Metrics;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;

namespace DeltaModel.Reporting;

/// <summary>
/// The committed copy of a run's small outputs that travels with the repository: <c>experiments/&lt;name&gt;/results/</c>,
/// laid out as the run's <c>out/</c> (so <see cref="RunFolder"/> reads it and the benchmarks report falls back to it),
/// holding only what is small and says what the run achieved: results.json, the resolved config, the per-basin
/// metrics (and the held-out peaks of an extremes test), the learning curve, the report and its plots, and of each
/// member (ensemble seed, fold) its record, metrics and learning curve (docs/experiments.md, "Shipped results"). The series
/// (simulation.csv, tens of MB) and checkpoints stay out; a headline model's weights are added by
/// <c>ModelFolder.Ship</c>.
/// </summary>
public static class ShippedResults
{
    public const string FolderName = "results";

    /// <summary>The committed results folder of an experiment folder.</summary>
    public static string Folder(string experimentFolder) => Path.Combine(experimentFolder, FolderName);

    /// <summary>The files copied, relative to the run folder, when they exist.</summary>
    public static IEnumerable<string> SmallOutputs(RunFolder run)
    {
        foreach (var file in RecordAndMetrics(run)) yield return file;
        yield return run.Report;
        yield return run.Comparison;
        if (Directory.Exists(run.PlotsFolder))
            foreach (var png in Directory.GetFiles(run.PlotsFolder, "*.png").Order(StringComparer.Ordinal)) yield return png;
        // Of each member (ensemble seed, cross-validation fold) only these: tens of kB each, enough to compare an
        // ensemble with its own members, or to read a fold's skill and learning curve, from a fresh clone.
        foreach (var member in Members(run))
            foreach (var file in RecordAndMetrics(member)) yield return file;
    }

    /// <summary>What a run achieved and how: its record, config, per-basin metrics (and held-out peaks), training log
    /// and learning curve.</summary>
    static IEnumerable<string> RecordAndMetrics(RunFolder run)
    {
        yield return run.Results;
        yield return run.Config;
        yield return run.MetricsCsv;
        yield return run.PeaksCsv;
        yield return Path.Combine(run.Phase(RunFolder.TestPhase), MetricsWriter.SummaryFileName);
        yield return run.TrainingLog;
        yield return run.LearningCurve;
        yield return Benchmarks.UntrainedOutputs.PathIn(run);
    }

    /// <summary>The member folders an experiment's results.json lists, those inside its output folder.</summary>
    static IEnumerable<RunFolder> Members(RunFolder run)
    {
        if (!File.Exists(run.Results)) return [];
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(run.Folder)) + Path.DirectorySeparatorChar;
        return (RunResults.Read(run.Results).Members ?? [])
            .Where(m => m.Folder.Length > 0)
            .Select(m => Path.GetFullPath(Path.Combine(run.Folder, m.Folder)))
            .Where(folder => folder.StartsWith(root, StringComparison.Ordinal))
            .Select(folder => new RunFolder(folder));
    }

    /// <summary>
    /// Copies the small outputs of <paramref name="outputDir"/> into <paramref name="destination"/> (atomically, same
    /// relative paths); returns the files written. An experiment of several runs that is still going (no results.json
    /// of its own) ships its config and the record of each member in <paramref name="finishedMembers"/>, so that the
    /// members finished so far travel (with their weights, <c>ModelFolder.Ship</c>) and a later clone trains only the rest.
    /// </summary>
    /// <param name="finishedMembers">Folders, relative to <paramref name="outputDir"/>, of the members that finished.</param>
    /// <exception cref="FileNotFoundException">Neither the run nor any of its members has finished (no results.json).</exception>
    public static IReadOnlyList<string> Copy(string outputDir, string destination, IReadOnlyList<string>? finishedMembers = null)
    {
        var run = new RunFolder(Path.GetFullPath(outputDir));
        var files = File.Exists(run.Results) ? SmallOutputs(run)
            : finishedMembers is { Count: > 0 } members
                ? members.SelectMany(m => RecordAndMetrics(new RunFolder(Path.Combine(run.Folder, m)))).Prepend(run.Config)
                : throw new FileNotFoundException($"{run.Results}: not found; only a finished run's outputs (or its finished members') are shipped.", run.Results);
        return AtomicFile.CopyInto(files.Where(File.Exists), run.Folder, destination);
    }
}
