using System.Diagnostics;
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
/// One experiment's model bound to its output folder: train it on a dataset, then test or simulate it on any
/// dataset with the same inputs. The building block of <see cref="ExperimentRunner"/> (a whole config file) and of
/// interactive front ends (PowerShell pipelines pass datasets and sessions around).
/// </summary>
public sealed class ExperimentSession : IDisposable
{
    readonly IProgress<TrainingProgress>? progress;
    readonly Action<string> log;
    readonly Device device;
    ITrainableModel? model;
    Trainer? trainer;
    NormalizationStatistics? stats;
    int trainedEpoch;

    /// <param name="fresh">Delete an earlier training run in the output folder instead of resuming it.</param>
    public ExperimentSession(ExperimentConfig config, IProgress<TrainingProgress>? progress = null, Action<string>? log = null, bool fresh = false)
    {
        Config = config;
        this.progress = progress;
        this.log = log ?? (_ => { });
        Fresh = fresh;
        Denormals.Flush(true);
        device = ComputeDevice.Resolve(config.Device);
        Blueprint = ModelBlueprint.For(config);
        if (fresh && Directory.Exists(ModelDirectory)) Directory.Delete(ModelDirectory, recursive: true);
    }

    public ExperimentConfig Config { get; }
    public ModelBlueprint Blueprint { get; }
    public bool Fresh { get; }
    public string ModelDirectory => new RunFolder(Config.OutputDir).Model;
    string StatisticsPath => Path.Combine(ModelDirectory, NormalizationStatistics.FileName);

    /// <summary>Loads the configured dataset with every variable the model needs, over the given scored periods plus warm-up.</summary>
    public HydroDataset LoadData(params PeriodConfig[] periods)
    {
        if (periods.Length == 0) throw new ArgumentException("give at least one period to load.", nameof(periods));
        var inputs = periods.Select(InputPeriod).ToList();
        var span = new DatePeriod(inputs.Min(p => p.Start), inputs.Max(p => p.End));
        var clock = Stopwatch.StartNew();
        var spec = Blueprint.Inputs;
        var dataset = DatasetLoader.Load(Config.Data, new DatasetLoader.Request(
            [.. spec.NetworkForcings, .. spec.PhysicsForcings, spec.Target], [.. spec.NetworkAttributes, .. spec.PhysicsAttributes], span));
        log($"data: {dataset.Basins.Count} basins, {dataset.Start:yyyy-MM-dd}..{dataset.End:yyyy-MM-dd} ({dataset.Source}) in {clock.Elapsed.TotalSeconds:F1} s");
        return dataset;
    }

    /// <summary>
    /// Trains on the configured training period of <paramref name="dataset"/> (resuming an earlier run of the same
    /// configuration in the output folder). Normalization statistics come from this training input only.
    /// </summary>
    public TrainingResult Train(HydroDataset dataset, CancellationToken cancel = default)
    {
        var period = Config.Train.Period ?? throw new ArgumentException($"{Config.SourcePath}: training needs 'train.period' (start, end).");
        var input = Slice(dataset, period, "train");
        var spec = Blueprint.Inputs;
        stats = NormalizationStatistics.Compute(input, spec.NetworkForcings, spec.LogNorm, spec.NetworkAttributes);
        Directory.CreateDirectory(ModelDirectory);
        stats.Save(StatisticsPath);
        EnsureModel(input);
        var data = PreparedData.Prepare(input, spec, stats);
        var loss = LossFunctionFactory.Create(Config.Train.Loss, input.Variable(spec.Target));
        log($"train: {period}, {Config.Train.Epochs} epochs, batch {Config.Train.BatchSize}, loss {Config.Train.Loss.Name}");
        var result = trainer!.Train(data, loss, cancel);
        trainedEpoch = result.Epochs.Count;
        return result;
    }

    /// <summary>
    /// Runs the model over <paramref name="period"/> (plus warm-up) for every basin of <paramref name="dataset"/>, writes
    /// the series into <c>&lt;output_dir&gt;/&lt;phase&gt;/</c> and, when <paramref name="scored"/>, the metrics.
    /// </summary>
    /// <param name="epoch">Weights to use; null = those just trained, or the last checkpoint.</param>
    public EvaluationResult Evaluate(HydroDataset dataset, PeriodConfig period, string phase, bool scored, int? epoch = null,
        CancellationToken cancel = default)
    {
        if (stats is null)
        {
            if (!File.Exists(StatisticsPath))
                throw new FileNotFoundException($"{StatisticsPath}: no normalization statistics, so no trained model in '{Config.OutputDir}'. " +
                                                "Train first (mode train or train_test).", StatisticsPath);
            stats = NormalizationStatistics.Load(StatisticsPath);
            var spec = Blueprint.Inputs;
            stats.EnsureMatches(StatisticsPath, spec.NetworkForcings, spec.LogNorm, spec.NetworkAttributes);
        }
        EnsureModel(null);
        int used = epoch is null && trainedEpoch > 0 ? trainedEpoch : trainer!.LoadWeights(epoch);
        var data = PreparedData.Prepare(Slice(dataset, period, phase), Blueprint.Inputs, stats);

        var clock = Stopwatch.StartNew();
        // The section of this phase sets chunk size and network precision (simulate.batch_size was ignored before).
        var output = trainer!.Simulate(data, phase, cancel, phase == RunFolder.SimulatePhase ? Config.Simulate : Config.Test);
        double seconds = clock.Elapsed.TotalSeconds;
        int B = data.Basins, T = output.Days;
        var observed = new float[(long)T * B];
        Array.Copy(data.Dataset.Variable(data.Spec.Target).Values, (long)model!.WarmUp * B, observed, 0, observed.Length);

        var folder = new RunFolder(Config.OutputDir).Phase(phase);
        var files = SimulationWriter.Write(folder, output, observed).ToList();
        MetricsTable? metrics = null;
        if (scored)
        {
            metrics = MetricsTable.Compute(output.Basins, output.Series[model.TargetOutput], observed, T);
            files.AddRange(metrics.Write(folder));
        }
        double rate = (double)B * data.Days / seconds;
        log($"{phase}: {B} basins × {T} days in {seconds:F1} s ({rate:N0} basin-days/s); outputs in {folder}");
        return new EvaluationResult(phase, folder, used, metrics, files, seconds, rate) { Basins = B, Days = T, Output = output, Observed = observed };
    }

    void EnsureModel(HydroDataset? trainingInput)
    {
        if (model is not null) return;
        manual_seed(Config.Seed);
        model = Blueprint.Create(trainingInput);
        model.Module.to(device);
        log($"model: {string.Join("; ", model.Describe())}");
        trainer = new Trainer(model, Config, new TrainingRun(ModelDirectory, ExperimentRunner.ConfigHash(Config), Resume: !Fresh), device, progress);
    }

    /// <summary>The model (after <see cref="Train"/> or <see cref="Evaluate"/>); null before.</summary>
    public ITrainableModel? Model => model;

    DatePeriod InputPeriod(PeriodConfig scored) => new(scored.Start.AddDays(-Config.Model.WarmUp), scored.End);

    HydroDataset Slice(HydroDataset dataset, PeriodConfig scored, string phase)
    {
        var period = InputPeriod(scored);
        if (period.Start < dataset.Start || period.End > dataset.End)
            throw new DataException($"the {phase} input period {period} (scored {scored} plus {Config.Model.WarmUp} warm-up days) is not " +
                                    $"covered by the data ({dataset.Start:yyyy-MM-dd}..{dataset.End:yyyy-MM-dd}).");
        return dataset.SelectPeriod(period.Start, period.End);
    }

    public void Dispose() => model?.Dispose();
}
