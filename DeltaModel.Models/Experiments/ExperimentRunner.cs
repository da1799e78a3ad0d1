using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;

namespace DeltaModel.Models.Experiments;

/// <summary>
/// Runs one experiment file end to end — load data, normalize, train, test or simulate, score, write — the single
/// API every front end (CLI, PowerShell, MSBuild experiments) drives. Output layout (docs/outputs.md):
/// <c>&lt;output_dir&gt;/config.resolved.yaml</c>, <c>model/</c> (checkpoints, training log, normalization statistics),
/// <c>test/</c> and <c>simulate/</c> (series, metrics), <c>results.json</c>.
/// </summary>
public sealed class ExperimentRunner
{
    readonly ExperimentConfig config;
    readonly IProgress<TrainingProgress>? progress;
    readonly Action<string> log;

    /// <param name="log">Receives one line per stage (what is loaded, where outputs go); null = silent.</param>
    public ExperimentRunner(ExperimentConfig config, IProgress<TrainingProgress>? progress = null, Action<string>? log = null)
    {
        this.config = config;
        this.progress = progress;
        this.log = log ?? (_ => { });
    }

    public string OutputDirectory => config.OutputDir;

    /// <summary>Runs <see cref="ExperimentConfig.Mode"/>.</summary>
    /// <param name="fresh">Ignore (and overwrite) a previous training run in the output folder instead of resuming it.</param>
    public ExperimentResult Run(bool fresh = false, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(config.OutputDir);
        ModelFolder.WriteConfig(config);
        using var session = new ExperimentSession(config, progress, log, fresh);

        bool train = config.Mode is "train" or "train_test";
        var evaluation = config.Mode switch
        {
            "test" or "train_test" => (Section: config.Test, Phase: RunFolder.TestPhase, Scored: true),
            "simulate" => (Section: config.Simulate, Phase: RunFolder.SimulatePhase, Scored: false),
            _ => ((EvaluationConfig Section, string Phase, bool Scored)?)null,
        };
        var periods = new List<PeriodConfig>();
        if (train) periods.Add(config.Train.Period!);
        if (evaluation is { } ev) periods.Add(ev.Section.Period!);
        var dataset = session.LoadData([.. periods]);

        TrainingResult? training = null;
        if (train)
        {
            training = session.Train(dataset, cancel);
            if (training.Cancelled) return new ExperimentResult(config.OutputDir, training, null, [], clock.Elapsed);
        }
        EvaluationResult? evaluated = evaluation is { } e
            ? session.Evaluate(dataset, e.Section.Period!, e.Phase, e.Scored, e.Section.Epoch, cancel)
            : null;

        var checks = evaluated is null ? [] : ExpectedResults.Check(config.Expected, evaluated.Metrics);
        var result = new ExperimentResult(config.OutputDir, training, evaluated, checks, clock.Elapsed);
        ResultsFile.Write(new RunFolder(config.OutputDir).Results, config, result);
        return result;
    }

    /// <summary>
    /// Hash of everything that shapes the trained weights, except the number of epochs: a run with more epochs
    /// resumes the earlier one; any other change starts over in a new output folder.
    /// </summary>
    public static string ConfigHash(ExperimentConfig c)
    {
        var shaping = c with { Train = c.Train with { Epochs = 1, SaveEvery = 1 } };
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(YamlBinder.Write(shaping, NotShapingTheWeights))))[..16];
    }

    /// <summary>
    /// Top-level sections that do not shape the trained weights. Left out of the hash rather than reset to defaults,
    /// so that a new evaluation setting (such as <c>network_precision</c>) does not orphan earlier checkpoints.
    /// </summary>
    static readonly IReadOnlySet<string> NotShapingTheWeights =
        new HashSet<string>(["name", "description", "mode", "output_dir", "device", "test", "simulate", "expected"], StringComparer.Ordinal);
}
