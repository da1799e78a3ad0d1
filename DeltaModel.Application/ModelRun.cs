using System.Diagnostics;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Data.Splits;
using DeltaModel.Core.Losses;
using DeltaModel.Core.Metrics;
using DeltaModel.Core.Normalization;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Sampling;
using DeltaModel.Core.Tensors;
using DeltaModel.Core.Training;
using DeltaModel.Models;
using DeltaModel.Models.Composition;
using DeltaModel.Models.States;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Application;

/// <summary>
/// The run itself: a plan's model bound to its output folder, trained on a dataset and then tested or simulated on
/// any dataset with the same inputs. Constructing one does nothing; the first <see cref="Train"/> or
/// <see cref="Evaluate"/> starts the run (flushes denormals, resolves the device, deletes an earlier training run
/// when the plan starts over). <see cref="ExperimentRunner"/> drives it.
/// </summary>
public sealed class ModelRun : IDisposable
{
    readonly RunPlan plan;
    readonly IProgress<TrainingProgress>? progress;
    readonly Action<string> log;
    Device? device;
    string trainingPrecision = "float32";
    string? precisionWarning;
    ITrainableModel? model;
    Trainer? trainer;
    NormalizationStatistics? stats;
    int trainedEpoch;

    /// <param name="log">Receives one line per stage; null = silent.</param>
    public ModelRun(RunPlan plan, IProgress<TrainingProgress>? progress = null, Action<string>? log = null)
    {
        this.plan = plan;
        this.progress = progress;
        this.log = log ?? (_ => { });
    }

    ExperimentConfig Config => plan.Config;
    public string ModelDirectory => new RunFolder(Config.OutputDir).Model;
    string StatisticsPath => Path.Combine(ModelDirectory, NormalizationStatistics.FileName);

    /// <summary>Whether the run has started (and so has had its side effects).</summary>
    public bool Started => device is not null;

    /// <summary>
    /// Starts the run (once; <see cref="Train"/> and <see cref="Evaluate"/> call it): flushes denormals, resolves the
    /// device and, for a plan that starts over, deletes the earlier training run in the output folder.
    /// </summary>
    public void Start()
    {
        if (Started) return;
        Denormals.Flush(true);
        device = ComputeDevice.Resolve(Config.Device);
        (trainingPrecision, precisionWarning) = TrainingPrecision.Resolve(Config.Train.NetworkPrecision, NativeBFloat16.On(device));
        if (plan.Fresh && Directory.Exists(ModelDirectory)) Directory.Delete(ModelDirectory, recursive: true);
    }

    /// <summary>
    /// Trains on the configured training period of <paramref name="dataset"/> (resuming an earlier run of the same
    /// configuration in the output folder). Normalization statistics come from this training input only; basins held
    /// out for validation are not part of it.
    /// </summary>
    public TrainingResult Train(HydroDataset dataset, CancellationToken cancel = default)
    {
        Start();
        var period = Config.Train.Period ?? throw new ArgumentException($"{Config.SourcePath}: training needs 'train.period' (start, end).");
        // A split hides the held-out years' target from everything training sees: loss, its scales, validation.
        var split = Split(dataset);
        if (split is not null) dataset = AnnualMaximaSplit.Masked(dataset, split.DayMask(dataset, heldOut: false));
        var heldOut = Config.Validation is { } v ? ValidationSplit.HeldOutBasins(v, dataset.Basins, Config.Seed) : [];
        var trainingBasins = heldOut.Count == 0 ? dataset : dataset.SelectBasins(dataset.Basins.Except(heldOut));
        var input = Slice(trainingBasins, period, "train");
        var spec = plan.Blueprint.Inputs;
        stats = NormalizationStatistics.Compute(input, spec.NetworkForcings, spec.LogNorm, spec.NetworkAttributes);
        Directory.CreateDirectory(ModelDirectory);
        stats.Save(StatisticsPath);
        EnsureModel(input);
        var data = PreparedData.Prepare(input, spec, stats);
        if (split is not null) data = data.WithScoredDays(split.DayMask(input, heldOut: false));
        var targets = Config.Targets();
        var loss = Weighted(LossFunctionFactory.Create(targets[0].Loss!, input.Variable(spec.Target)), targets[0].Weight);
        var others = targets.Skip(1).Select(t => new Trainer.TargetTerm(t.OutputName, t.Weight, LossFunctionFactory.Create(t.Loss!, input.Variable(t.Variable)))).ToList();
        if (precisionWarning is not null) log(precisionWarning);
        if (split is not null) log(SplitLine(split, input.Basins));
        log($"train: {period}, {Config.Train.Epochs} epochs, batch {Config.Train.BatchSize}, loss {Config.Train.Loss.Name}, network {trainingPrecision}");
        if (Config.Train.Targets is not null)
            log($"targets: {string.Join("; ", targets.Select(t => $"{t.Variable} ~ {t.OutputName} ({t.Loss!.Name}, weight {t.Weight})"))}");
        var result = trainer!.Train(data, loss, cancel, Validation(dataset, heldOut, period), others);
        trainedEpoch = result.SelectedEpoch;
        return result;
    }

    /// <summary><paramref name="loss"/> times <paramref name="weight"/> (the loss itself at weight 1, so single-target runs are unchanged).</summary>
    static Trainer.LossFunction Weighted(Trainer.LossFunction loss, double weight) =>
        weight == 1 ? loss : (prediction, observation, basins) => loss(prediction, observation, basins) * weight;

    /// <summary>The scorer of section <c>validation</c> (held-out basins, or all, over its period), or null without one.</summary>
    ValidationScorer? Validation(HydroDataset dataset, IReadOnlyList<string> heldOut, PeriodConfig trainPeriod)
    {
        if (Config.Validation is not { } v) return null;
        var basins = heldOut.Count == 0 ? dataset : dataset.SelectBasins(heldOut);
        var scored = v.Period ?? trainPeriod;
        log($"validation: {basins.Basins.Count} basins{(heldOut.Count > 0 ? " held out of training" : "")}, {scored}, " +
            $"{v.Statistic} {v.Metric} every {v.Every} epoch(s)");
        return new ValidationScorer(PreparedData.Prepare(Slice(basins, scored, "validation"), plan.Blueprint.Inputs, stats!), v);
    }

    /// <summary>
    /// Runs the model over <paramref name="period"/> (plus warm-up) for every basin of <paramref name="dataset"/>, writes
    /// the series into <c>&lt;output_dir&gt;/&lt;phase&gt;/</c> and, when <paramref name="scored"/>, the metrics.
    /// </summary>
    /// <param name="epoch">Weights to use; null = those just trained, or the last checkpoint.</param>
    public EvaluationResult Evaluate(HydroDataset dataset, PeriodConfig period, string phase, bool scored, int? epoch = null,
        CancellationToken cancel = default)
    {
        Start();
        int used = LoadTrained(epoch);
        // The section of this phase sets chunk size, network precision and the state to start from.
        var section = phase == RunFolder.SimulatePhase ? Config.Simulate : Config.Test;
        var start = section.InitialState is { } file ? InitialState(phase, file, period) : null;
        var data = PreparedData.Prepare(Slice(dataset, period, phase, fromState: start is not null), plan.Blueprint.Inputs, stats!);
        using var stateful = Stateful(phase, section, data, start);

        var clock = Stopwatch.StartNew();
        var output = trainer!.Simulate(data, phase, cancel, section, stateful?.Pass);
        double seconds = clock.Elapsed.TotalSeconds;
        int B = data.Basins, T = output.Days, warmUp = stateful?.Pass.WarmUp ?? model!.WarmUp;
        var observed = data.ObservedAfter(warmUp);

        var folder = plan.PhaseFolder(phase);
        var (files, metrics, peaks) = EvaluationFiles.Write(Config, folder, output, observed, data.Dataset, model!.TargetOutput, scored,
            scored ? Split(dataset) : null);
        if (scored) files.AddRange(OtherTargetMetrics(data, output, folder, warmUp));
        var recovery = scored ? Recovery(section, output, data.Dataset) : [];
        if (recovery.Count > 0)
        {
            files.Add(ParameterRecovery.Write(folder, recovery));
            foreach (var r in recovery)
                log($"{phase}: {r.Parameter} learned vs true ({r.Attribute}) over {r.Count} basins: R² {r.R2:F3}, bias {r.Bias:G4}, RMSE {r.Rmse:G4}");
        }
        if (stateful is not null)
        {
            var path = Path.Combine(folder, EndStateFileName);
            ModelStateFile.Write(path, stateful.EndState(period.End), ((HybridModel)model).Physics);
            files.Add(path);
        }
        double rate = (double)B * data.Days / seconds;
        log($"{phase}: {B} basins × {T} days in {seconds:F1} s ({rate:N0} basin-days/s); outputs in {folder}");
        return new EvaluationResult(phase, folder, used, metrics, files, seconds, rate)
        {
            Basins = B, Days = T, Output = output, Observed = observed, Peaks = peaks, Recovery = recovery,
        };
    }

    /// <summary>The file in a phase folder that holds the run's end state (docs/outputs.md, "State files").</summary>
    public const string EndStateFileName = "end_state" + ModelStateFile.Extension;

    /// <summary>
    /// The state <c>&lt;phase&gt;.initial_state</c> names, checked against this run: the same physics model and nmul
    /// (<see cref="ModelStateFile.Read"/>), and its date the day before the period starts.
    /// </summary>
    ModelState InitialState(string phase, string file, PeriodConfig period)
    {
        string key = $"{phase}.initial_state";
        if (model is not HybridModel hybrid)
            throw new RunInputException("InitialStateUnsupported", $"{key}: {file}: only a model with physics starts from a state; this one is {model!.GetType().Name}.");
        ModelState state;
        try
        {
            state = ModelStateFile.Read(file, hybrid.Physics);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            throw new RunInputException("InitialStateInvalid", $"{key}: {e.Message}") { Target = file };
        }
        if (state.Date.AddDays(1) != period.Start)
            throw new RunInputException("InitialStateDate",
                $"{key}: {file} is the state at the end of {state.Date:yyyy-MM-dd}, so it starts a run on {state.Date.AddDays(1):yyyy-MM-dd}, " +
                $"but {phase}.period starts on {period.Start:yyyy-MM-dd}. Start the period the day after the state's date.") { Target = file };
        return state;
    }

    /// <summary>
    /// The pass that keeps every basin's end state (and starts from <paramref name="start"/>); null where the model's
    /// state cannot be kept (no physics, a post-processor, a bfloat16 network), said in the log.
    /// </summary>
    StatefulSimulation? Stateful(string phase, EvaluationConfig section, PreparedData data, ModelState? start)
    {
        string key = $"{phase}.initial_state";
        if (model is not HybridModel hybrid || hybrid.WhyNoState is not null || section.NetworkPrecision != "float32")
        {
            log($"{phase}: no end state written ({(model is HybridModel h ? h.WhyNoState ?? $"network precision {section.NetworkPrecision}; the state is carried in float32" : "the model has no physics")})");
            return null;
        }
        try
        {
            return new StatefulSimulation(hybrid, data.Dataset.Basins, start);
        }
        catch (Exception e) when (start is not null && e is NotSupportedException or ArgumentException)
        {
            throw new RunInputException("InitialStateUnsupported", $"{key}: {section.InitialState}: {e.Message}") { Target = section.InitialState };
        }
    }

    /// <summary>
    /// The trained model with the weights of <paramref name="epoch"/> (null = those just trained, or the best validation
    /// epoch, else the last checkpoint) and the data of <paramref name="period"/> plus warm-up, normalized with its
    /// statistics: what an evaluation runs on, for runs of their own (<see cref="AssimilationRun"/>).
    /// </summary>
    /// <returns>The model, the prepared data and the epoch whose weights were loaded.</returns>
    public (ITrainableModel Model, PreparedData Data, int Epoch) Trained(HydroDataset dataset, PeriodConfig period, string phase, int? epoch = null)
    {
        Start();
        int used = LoadTrained(epoch);
        return (model!, PreparedData.Prepare(Slice(dataset, period, phase), plan.Blueprint.Inputs, stats!), used);
    }

    /// <summary>The device the run computes on (after <see cref="Start"/>).</summary>
    public Device Device => device ?? throw new InvalidOperationException("the run has not started.");

    /// <summary>Loads the normalization statistics (unless just computed), makes the model and loads the weights of <paramref name="epoch"/>.</summary>
    /// <returns>The epoch whose weights the model holds.</returns>
    int LoadTrained(int? epoch)
    {
        if (stats is null)
        {
            if (!File.Exists(StatisticsPath))
                throw new FileNotFoundException($"{StatisticsPath}: no normalization statistics, so no trained model in '{Config.OutputDir}'. " +
                                                "Train first (mode train or train_test).", StatisticsPath);
            stats = NormalizationStatistics.Load(StatisticsPath);
            var spec = plan.Blueprint.Inputs;
            stats.EnsureMatches(StatisticsPath, spec.NetworkForcings, spec.LogNorm, spec.NetworkAttributes);
        }
        EnsureModel(null);
        return epoch is null && trainedEpoch > 0 ? trainedEpoch : trainer!.LoadWeights(epoch);
    }

    /// <summary>Each basin's learned parameter (its <c>param_&lt;name&gt;</c> scalar) against the true value of a twin experiment's attribute.</summary>
    static IReadOnlyList<ParameterRecovery> Recovery(EvaluationConfig section, SimulationOutput output, HydroDataset dataset) =>
        section.TrueParameters.Select(kv =>
        {
            var learned = output.Scalars[OutputUnits.ParameterPrefix + kv.Key];
            var truth = dataset.Attributes[kv.Value].Values;
            return new ParameterRecovery(kv.Key, kv.Value, output.Basins,
                [.. output.Basins.Select(b => truth[dataset.BasinIndex(b)])], [.. learned.Select(v => (double)v)]);
        }).ToList();

    /// <summary>
    /// Metrics of each further target (<c>train.targets</c> after the first) against its output, in
    /// <c>&lt;phase&gt;/targets/&lt;variable&gt;/</c> (same files as the primary's), with the median NSE in the log.
    /// </summary>
    IEnumerable<string> OtherTargetMetrics(PreparedData data, SimulationOutput output, string folder, int warmUp)
    {
        foreach (var target in Config.Targets().Skip(1))
        {
            var table = MetricsTable.Compute(output.Basins, output.Series[target.OutputName], data.ObservedAfter(warmUp, target.Variable), output.Days);
            var nse = table.Values.Select(m => m.Get("nse")).Where(double.IsFinite).Order().ToList();
            log($"target {target.Variable} ~ {target.OutputName}: median NSE {(nse.Count == 0 ? double.NaN : nse[nse.Count / 2]):F3} over {nse.Count} basins");
            foreach (var file in table.Write(Path.Combine(folder, "targets", target.Variable))) yield return file;
        }
    }

    /// <summary>The config's <c>split</c> ranked on <paramref name="dataset"/>'s observations; null without one.</summary>
    AnnualMaximaSplit? Split(HydroDataset dataset) => Config.Split is { } s ? AnnualMaximaSplit.Rank(dataset, s) : null;

    static string SplitLine(AnnualMaximaSplit split, IReadOnlyList<string> basins)
    {
        var years = basins.Select(split.Years).ToList();
        return $"split: water years {split.Config.FirstYear}-{split.Config.LastYear}, {years.Sum(y => y.Count(p => !p.HeldOut))} basin-years trained on " +
               $"(T ≤ {split.Config.ReturnPeriod}), {years.Sum(y => y.Count(p => p.HeldOut))} held out";
    }

    void EnsureModel(HydroDataset? trainingInput)
    {
        if (model is not null) return;
        manual_seed(Config.Seed);
        model = plan.Blueprint.Create(trainingInput);
        model.Module.to(device!);
        log($"model: {string.Join("; ", model.Describe())}");
        log($"coupling: {ModelBlueprint.Coupling(Config)}");
        // The trainer sees the precision the hardware allows, and the checkpoints' hash says what the weights were trained in.
        var trained = Config with { Train = Config.Train with { NetworkPrecision = trainingPrecision } };
        trainer = new Trainer(model, trained, new TrainingRun(ModelDirectory, ExperimentRunner.ConfigHash(trained), Resume: !plan.Fresh), device!, progress);
    }

    /// <summary>The model (after <see cref="Train"/> or <see cref="Evaluate"/>); null before.</summary>
    public ITrainableModel? Model => model;

    HydroDataset Slice(HydroDataset dataset, PeriodConfig scored, string phase, bool fromState = false)
    {
        var period = plan.InputPeriod(scored, fromState);
        if (period.Start < dataset.Start || period.End > dataset.End)
            throw new DataException($"the {phase} input period {period} (scored {scored} plus {(fromState ? 0 : Config.Model.WarmUp)} warm-up days) is not " +
                                    $"covered by the data ({dataset.Start:yyyy-MM-dd}..{dataset.End:yyyy-MM-dd}).");
        return dataset.SelectPeriod(period.Start, period.End);
    }

    public void Dispose() => model?.Dispose();
}
