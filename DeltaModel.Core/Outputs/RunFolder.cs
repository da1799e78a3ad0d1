using DeltaModel.Core.Metrics;
using DeltaModel.Core.Normalization;
using DeltaModel.Core.Training;

namespace DeltaModel.Core.Outputs;

/// <summary>
/// The layout of one run's output folder (docs/outputs.md): the one place for its file and folder names, so the
/// runner, the model folder, the report, the cmdlets and Experiments.proj agree.
/// <code>
/// config.resolved.yaml   model/ (last.ckpt, best.ckpt, epoch_NNNN.ckpt, normalization.json, training_log.csv, learning_curve.csv)
/// test/ and simulate/ (simulation.csv|parquet, scalars.csv, metrics.csv|json)   results.json (written last)
/// comparison.md, expected.failures.txt, report.md, plots/, sweep/ (written by the report)
/// </code>
/// </summary>
public sealed record RunFolder(string Folder)
{
    public const string ConfigFileName = "config.resolved.yaml";
    public const string ModelFolderName = "model";
    public const string ResultsFileName = "results.json";
    public const string TestPhase = "test";
    public const string SimulatePhase = "simulate";

    /// <summary>The output folder of an experiment folder (<c>&lt;experiment&gt;/out</c>), or <paramref name="path"/>
    /// itself when it already is one.</summary>
    public static RunFolder For(string path)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"{full}: folder not found; expected an experiment folder or its out/ folder.");
        // An experiment folder holds experiment.yaml (or at least out/); anything else is taken as an output folder,
        // including one that so far holds only sweep members.
        var isExperiment = File.Exists(Path.Combine(full, "experiment.yaml")) ||
                           (Directory.Exists(Path.Combine(full, "out")) && !File.Exists(Path.Combine(full, ResultsFileName)));
        return new RunFolder(isExperiment ? Path.Combine(full, "out") : full);
    }

    /// <summary>The resolved config the run used (absolute paths, defaults filled in).</summary>
    public string Config => Path.Combine(Folder, ConfigFileName);

    /// <summary>The trained model's folder: checkpoints, normalization statistics, training log.</summary>
    public string Model => Path.Combine(Folder, ModelFolderName);
    public string ResumeCheckpoint => Path.Combine(Model, Checkpoint.ResumeFileName);
    public string NormalizationStatistics => Path.Combine(Model, Normalization.NormalizationStatistics.FileName);
    public string TrainingLog => Path.Combine(Model, Training.TrainingLog.FileName);
    /// <summary>Per epoch: loss, learning rate and validation score.</summary>
    public string LearningCurve => Path.Combine(Model, Training.LearningCurve.FileName);
    /// <summary>Weights of the best validation epoch (validated runs only).</summary>
    public string BestCheckpoint => Path.Combine(Model, Checkpoint.BestFileName);

    /// <summary>The runner's summary, written last and atomically: its presence marks a finished run.</summary>
    public string Results => Path.Combine(Folder, ResultsFileName);

    /// <summary>The folder of an evaluation phase (<see cref="TestPhase"/>, <see cref="SimulatePhase"/>).</summary>
    public string Phase(string phase) => Path.Combine(Folder, phase);
    public string MetricsCsv => Path.Combine(Phase(TestPhase), MetricsWriter.CsvFileName);
    public string SimulationCsv => Path.Combine(Phase(TestPhase), SimulationWriter.CsvFileName);
    /// <summary>The held-out annual peaks of an unseen-extremes test (<see cref="PeakErrors"/>); only such runs have it.</summary>
    public string PeaksCsv => Path.Combine(Phase(TestPhase), PeakErrors.FileName);
    /// <summary>Learned against true parameters of a twin experiment (<see cref="ParameterRecovery"/>); only such runs have it.</summary>
    public string ParameterRecoveryCsv => Path.Combine(Phase(TestPhase), ParameterRecovery.FileName);

    public string Comparison => Path.Combine(Folder, "comparison.md");
    /// <summary>One line per failed expected result (empty when all pass); Experiments.proj turns lines into errors.</summary>
    public string ExpectedFailures => Path.Combine(Folder, "expected.failures.txt");
    public string Report => Path.Combine(Folder, "report.md");
    public string PlotsFolder => Path.Combine(Folder, "plots");
    public string LossPlot => Path.Combine(PlotsFolder, "loss.png");
    public string HydrographPlot(string rank) => Path.Combine(PlotsFolder, $"hydrograph_{rank}.png");
    public string RecoveryPlot(string parameter) => Path.Combine(PlotsFolder, $"recovery_{parameter}.png");
    public string SweepFolder => Path.Combine(Folder, "sweep");
    public string SweepSummary => Path.Combine(SweepFolder, "summary.md");
}
