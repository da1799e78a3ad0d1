namespace DeltaModel.Reporting;

/// <summary>
/// Where the runner's and the report's files lie inside one output folder (the runner contract). One place for the
/// names so the report, the tests and Experiments.proj agree.
/// </summary>
public sealed record ExperimentOutputs(string Folder)
{
    /// <summary>The output folder of an experiment folder (<c>&lt;experiment&gt;/out</c>), or <paramref name="path"/>
    /// itself when it already is one.</summary>
    public static ExperimentOutputs For(string path)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"{full}: folder not found; expected an experiment folder or its out/ folder.");
        // An experiment folder holds experiment.yaml (or at least out/); anything else is taken as an output folder,
        // including one that so far holds only sweep members.
        var isExperiment = File.Exists(Path.Combine(full, "experiment.yaml")) ||
                           (Directory.Exists(Path.Combine(full, "out")) && !File.Exists(Path.Combine(full, "results.json")));
        return new ExperimentOutputs(isExperiment ? Path.Combine(full, "out") : full);
    }

    /// <summary>The runner's summary of its latest finished run (written last; Experiments.proj never renames it).</summary>
    public string ResultsJson => Path.Combine(Folder, "results.json");

    public string TrainingLog => Path.Combine(Folder, "model", "training_log.csv");
    public string MetricsCsv => Path.Combine(Folder, "test", "metrics.csv");
    public string SimulationCsv => Path.Combine(Folder, "test", "simulation.csv");
    public string Comparison => Path.Combine(Folder, "comparison.md");
    /// <summary>One line per failed expected result (empty when all pass); Experiments.proj turns lines into errors.</summary>
    public string ExpectedFailures => Path.Combine(Folder, "expected.failures.txt");
    public string Report => Path.Combine(Folder, "report.md");
    public string PlotsFolder => Path.Combine(Folder, "plots");
    public string LossPlot => Path.Combine(PlotsFolder, "loss.png");
    public string HydrographPlot(string rank) => Path.Combine(PlotsFolder, $"hydrograph_{rank}.png");
    public string SweepFolder => Path.Combine(Folder, "sweep");
    public string SweepSummary => Path.Combine(SweepFolder, "summary.md");
}
