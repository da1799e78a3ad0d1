using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Losses;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Normalization;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Sampling;
using DeltaModel.Core.Tensors;
using DeltaModel.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

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
    public string ModelDirectory => Path.Combine(config.OutputDir, "model");

    /// <summary>Runs <see cref="ExperimentConfig.Mode"/>.</summary>
    /// <param name="fresh">Ignore (and overwrite) a previous training run in the output folder instead of resuming it.</param>
    public ExperimentResult Run(bool fresh = false, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        Denormals.Flush(true);
        var device = ComputeDevice.Resolve(config.Device);
        Directory.CreateDirectory(config.OutputDir);
        AtomicFile.WriteAllText(Path.Combine(config.OutputDir, "config.resolved.yaml"), config.ToYaml());
        if (fresh && Directory.Exists(ModelDirectory)) Directory.Delete(ModelDirectory, recursive: true);

        bool train = config.Mode is "train" or "train_test";
        bool test = config.Mode is "test" or "train_test";
        bool simulate = config.Mode is "simulate";

        var blueprint = ModelBlueprint.For(config);
        int warmUp = config.Model.WarmUp;
        var periods = new List<DatePeriod>();
        if (train) periods.Add(InputPeriod(config.Train.Period!, warmUp));
        if (test) periods.Add(InputPeriod(config.Test.Period!, warmUp));
        if (simulate) periods.Add(InputPeriod(config.Simulate.Period!, warmUp));
        var span = new DatePeriod(periods.Min(p => p.Start), periods.Max(p => p.End));

        var loadClock = Stopwatch.StartNew();
        var inputs = blueprint.Inputs;
        var dataset = DatasetLoader.Load(config.Data, new DatasetLoader.Request(
            [.. inputs.NetworkForcings, .. inputs.PhysicsForcings, inputs.Target], [.. inputs.NetworkAttributes, .. inputs.PhysicsAttributes], span));
        log($"data: {dataset.Basins.Count} basins, {dataset.Start:yyyy-MM-dd}..{dataset.End:yyyy-MM-dd} ({dataset.Source}) in {loadClock.Elapsed.TotalSeconds:F1} s");

        var statsPath = Path.Combine(ModelDirectory, NormalizationStatistics.FileName);
        Directory.CreateDirectory(ModelDirectory);
        HydroDataset? trainInput = train ? Slice(dataset, InputPeriod(config.Train.Period!, warmUp), "train") : null;
        NormalizationStatistics stats;
        if (trainInput is not null)
        {
            stats = NormalizationStatistics.Compute(trainInput, blueprint.Inputs.NetworkForcings, blueprint.Inputs.LogNorm, blueprint.Inputs.NetworkAttributes);
            stats.Save(statsPath);
        }
        else
        {
            if (!File.Exists(statsPath))
                throw new FileNotFoundException($"{statsPath}: no normalization statistics, so no trained model in '{config.OutputDir}'. " +
                                                "Run with mode train or train_test first.", statsPath);
            stats = NormalizationStatistics.Load(statsPath);
            stats.EnsureMatches(statsPath, blueprint.Inputs.NetworkForcings, blueprint.Inputs.LogNorm, blueprint.Inputs.NetworkAttributes);
        }

        manual_seed(config.Seed);
        using var model = blueprint.Create(trainInput);
        model.Module.to(device);
        log($"model: {string.Join("; ", model.Describe())}");
        var trainer = new Trainer(model, TrainerOptions.From(config, ModelDirectory, ConfigHash(config)) with { Resume = !fresh }, device, progress);

        TrainingResult? training = null;
        if (train)
        {
            var data = PreparedData.Prepare(trainInput!, blueprint.Inputs, stats);
            var lossFunction = LossFunctionFactory.Create(LossOptions.FromConfig(config.Train.Loss), trainInput!.Variable(blueprint.Inputs.Target));
            log($"train: {config.Train.Period}, {config.Train.Epochs} epochs, batch {config.Train.BatchSize}, loss {config.Train.Loss.Name}");
            training = trainer.Train(data, lossFunction, cancel);
            if (training.Cancelled) return new ExperimentResult(config.OutputDir, training, null, [], clock.Elapsed);
        }

        EvaluationResult? evaluation = null;
        if (test || simulate)
        {
            var section = test ? config.Test : config.Simulate;
            string phase = test ? "test" : "simulate";
            // After training the model in memory holds the last epoch; otherwise load the requested (or last) one.
            int epoch = train && section.Epoch is null ? training!.Epochs.Count : trainer.LoadWeights(section.Epoch);
            var input = Slice(dataset, InputPeriod(section.Period!, warmUp), phase);
            evaluation = Evaluate(trainer, model, PreparedData.Prepare(input, blueprint.Inputs, stats), phase, epoch, scored: test, cancel);
        }

        var checks = evaluation is null ? [] : ExpectedResults.Check(config.Expected, evaluation.Metrics);
        var result = new ExperimentResult(config.OutputDir, training, evaluation, checks, clock.Elapsed);
        ResultsFile.Write(Path.Combine(config.OutputDir, ResultsFile.FileName), config, result);
        return result;
    }

    EvaluationResult Evaluate(Trainer trainer, ITrainableModel model, PreparedData data, string phase, int epoch, bool scored, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var output = trainer.Simulate(data, phase, cancel);
        double seconds = clock.Elapsed.TotalSeconds;
        int B = data.Basins, T = output.Days;
        var observed = new float[(long)T * B];
        var all = data.Dataset.Variable(data.Spec.Target).Values;           // [days, B], warm-up included
        Array.Copy(all, (long)model.WarmUp * B, observed, 0, observed.Length);

        var folder = Path.Combine(config.OutputDir, phase);
        var files = SimulationWriter.Write(folder, output, observed).ToList();
        MetricsTable? metrics = null;
        if (scored)
        {
            metrics = MetricsTable.Compute(output.Basins, output.Series[model.TargetOutput], observed, T);
            files.AddRange(metrics.Write(folder));
        }
        log($"{phase}: {B} basins × {T} days in {seconds:F1} s ({(double)B * data.Days / seconds:N0} basin-days/s); outputs in {folder}");
        return new EvaluationResult(phase, folder, epoch, metrics, files, seconds, (double)B * data.Days / seconds) { Basins = B, Days = T };
    }

    static DatePeriod InputPeriod(PeriodConfig scored, int warmUp) => new(scored.Start.AddDays(-warmUp), scored.End);

    static HydroDataset Slice(HydroDataset dataset, DatePeriod period, string phase)
    {
        if (period.Start < dataset.Start || period.End > dataset.End)
            throw new DataException($"the {phase} input period {period} (warm-up included) is not covered by the data " +
                                    $"({dataset.Start:yyyy-MM-dd}..{dataset.End:yyyy-MM-dd}).");
        return dataset.SelectPeriod(period.Start, period.End);
    }

    /// <summary>
    /// Hash of everything that shapes the trained weights, except the number of epochs: a run with more epochs
    /// resumes the earlier one; any other change starts over in a new output folder.
    /// </summary>
    public static string ConfigHash(ExperimentConfig c)
    {
        var shaping = c with
        {
            Name = "", Description = "", Mode = "train", OutputDir = "", Device = "cpu",
            Train = c.Train with { Epochs = 1, SaveEvery = 1 },
            Test = new EvaluationConfig(), Simulate = new EvaluationConfig(), Expected = [],
        };
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(shaping.ToYaml())))[..16];
    }
}
