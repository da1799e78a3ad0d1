using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;

namespace DeltaModel.Application;

/// <summary>
/// Runs a <see cref="RunPlan"/> — load its data, normalize, train, test or simulate, score, write — the single
/// API every front end (CLI, PowerShell, MSBuild experiments) drives; the run starts here, never when the plan or
/// the runner is made. Output layout (docs/outputs.md):
/// <c>&lt;output_dir&gt;/config.resolved.yaml</c>, <c>model/</c> (checkpoints, training log, normalization statistics),
/// <c>test/</c> and <c>simulate/</c> (series, metrics), <c>results.json</c>.
/// </summary>
public sealed class ExperimentRunner
{
    readonly RunPlan plan;
    readonly IProgress<TrainingProgress>? progress;
    readonly Action<string> log;

    /// <param name="log">Receives one line per stage (what is loaded, where outputs go); null = silent.</param>
    public ExperimentRunner(RunPlan plan, IProgress<TrainingProgress>? progress = null, Action<string>? log = null)
    {
        this.plan = plan;
        this.progress = progress;
        this.log = log ?? (_ => { });
    }

    ExperimentConfig Config => plan.Config;

    public string OutputDirectory => Config.OutputDir;

    /// <summary>Runs <see cref="ExperimentConfig.Mode"/> and writes every output, <c>results.json</c> last.</summary>
    public ExperimentResult Run(CancellationToken cancel = default)
    {
        if (plan.HasMembers) return new MemberRunner(plan, progress, log).Run(cancel);
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(Config.OutputDir);
        int stale = AtomicFile.RemoveStale(Config.OutputDir);
        if (stale > 0) log($"removed {stale} temporary file(s) left by an interrupted run");
        ModelFolder.WriteConfig(Config);
        using var run = new ModelRun(plan, progress, log);
        run.Start();                          // before loading, so the data are read under the run's float settings
        var dataset = plan.LoadData(log);

        TrainingResult? training = null;
        if (plan.Trains)
        {
            training = run.Train(dataset, cancel);
            if (training.Cancelled) return new ExperimentResult(Config.OutputDir, training, null, [], clock.Elapsed);
        }
        EvaluationResult? evaluated = plan.Evaluation is { } e
            ? run.Evaluate(dataset, e.Section.Period!, e.Phase, e.Scored, e.Section.Epoch, cancel)
            : null;

        var checks = evaluated is null ? [] : ExpectedResults.Check(Config.Expected, evaluated.Metrics);
        var result = new ExperimentResult(Config.OutputDir, training, evaluated, checks, clock.Elapsed);
        ResultsFile.Write(new RunFolder(Config.OutputDir).Results, Config, result);
        return result;
    }

    /// <summary>
    /// Trains only (Start-DeltaTraining): writes <c>config.resolved.yaml</c> and <c>model/</c>, no results file, and
    /// returns the training outcome (cancelled keeps the checkpoint of the completed epochs).
    /// </summary>
    /// <exception cref="RunInputException">The config is an ensemble or has folds (several models: run it as an experiment).</exception>
    public TrainingResult Train(CancellationToken cancel = default)
    {
        if (plan.HasMembers)
            throw new RunInputException("SeveralModels", $"{Config.SourcePath} trains several models ({(Config.Ensemble is not null ? "ensemble" : "folds")}); " +
                                                         "run it as an experiment ('deltamodel run' or Experiments.proj), where each member resumes in its own folder.");
        using var run = new ModelRun(plan, progress, log);
        run.Start();                          // before loading, so the data are read under the run's float settings
        var dataset = plan.LoadData(log);
        ModelFolder.WriteConfig(Config);
        return run.Train(dataset, cancel);
    }

    /// <summary>
    /// Simulates <paramref name="dataset"/> (this plan's data, perhaps fewer basins) over simulate.period with the
    /// weights of <paramref name="epoch"/> (null = the best validation epoch, else the last) and writes <c>simulate/</c>
    /// (Invoke-DeltaSimulation) or the plan's <see cref="RunPlan.ResultsFolder"/>.
    /// </summary>
    /// <param name="scored">Also write metrics.csv / metrics.json against the dataset's observations (deltamodel simulate).</param>
    public EvaluationResult Simulate(HydroDataset dataset, int? epoch, CancellationToken cancel = default, bool scored = false)
    {
        using var run = new ModelRun(plan, progress, log);
        return run.Evaluate(dataset, Config.Simulate.Period!, RunFolder.SimulatePhase, scored, epoch, cancel);
    }

    /// <summary>The folder <see cref="Simulate"/> writes into, <c>&lt;output_dir&gt;/simulate</c> (for overwrite checks).</summary>
    public static string SimulationFolder(ExperimentConfig config) => new RunFolder(config.OutputDir).Phase(RunFolder.SimulatePhase);

    /// <summary>
    /// Hash of everything that shapes the trained weights, except the number of epochs: a run with more epochs
    /// resumes the earlier one; any other change starts over in a new output folder.
    /// </summary>
    public static string ConfigHash(ExperimentConfig c)
    {
        var shaping = WithoutLocations(c) with { Train = c.Train with { Epochs = 1, SaveEvery = 1 } };
        // Keys at the value every run had before they existed are left out, so the hash of those runs stays the same.
        var omitted = NotShapingTheWeights
            .Concat(c.Train.NetworkPrecision == "float32" ? ["train.network_precision"] : [])
            .Concat(c.Model.Nn.RecomputeSegments == 1 ? ["model.nn.recompute_segments"] : []);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(YamlBinder.Write(shaping, omitted.ToHashSet(StringComparer.Ordinal)))))[..16];
    }

    /// <summary>
    /// The config as it would read on any machine: the loader makes paths absolute, and a hash of absolute paths
    /// would orphan every checkpoint when the repository or the data moves. A basin file counts by the ids it lists
    /// (editing the list changes the weights; moving it does not), a folder by its own name.
    /// </summary>
    static ExperimentConfig WithoutLocations(ExperimentConfig c) => c with
    {
        Data = c.Data with
        {
            Path = FolderName(c.Data.Path),
            AttributesPath = c.Data.AttributesPath is { } attributes ? FolderName(attributes) : null,
            Basins = c.Data.BasinFile is { } file && File.Exists(file) ? BasinSelection.FromFile(file).Ids : c.Data.Basins,
            BasinFile = c.Data.BasinFile is { } listed && !File.Exists(listed) ? System.IO.Path.GetFileName(listed) : null,
        },
        Validation = c.Validation is { BasinFile: { } heldOut } validation && File.Exists(heldOut)
            ? validation with { Basins = BasinSelection.FromFile(heldOut).Ids, BasinFile = null }
            : c.Validation,
        Folds = c.Folds is { } folds ? folds with { Folder = FolderName(folds.Folder) } : null,
        Plugins = c.Plugins?.Select(System.IO.Path.GetFileName).ToList()!,
    };

    static string FolderName(string path) => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(path));

    /// <summary>
    /// Top-level sections that do not shape the trained weights. Left out of the hash rather than reset to defaults,
    /// so that a new evaluation setting (such as <c>network_precision</c>) does not orphan earlier checkpoints.
    /// </summary>
    static readonly IReadOnlySet<string> NotShapingTheWeights =
        new HashSet<string>(["name", "description", "mode", "output_dir", "device", "test", "simulate", "assimilate", "expected"], StringComparer.Ordinal);
}
