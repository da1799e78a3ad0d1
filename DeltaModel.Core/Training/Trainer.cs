using System.Diagnostics;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Sampling;
using DeltaModel.Core.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Core.Training;

/// <summary>
/// Fits an <see cref="ITrainableModel"/> on random minibatch windows (spec §6.4, §7): sample → forward → loss →
/// backward → optional gradient clipping → optimizer step. Writes a resumable checkpoint after every epoch
/// (<c>last.ckpt</c>), numbered checkpoints every <see cref="TrainConfig.SaveEvery"/> epochs and at the end, and the
/// training log; all atomically. Cancellation stops after the current minibatch and saves a checkpoint of the
/// completed epochs. With a <see cref="ValidationScorer"/> it scores the held-out data every few epochs, keeps the best
/// epoch's weights in <c>best.ckpt</c> (loaded into the model at the end) and may stop early (<see cref="EpochSelection"/>);
/// a <see cref="LearningRateSchedule"/> sets each epoch's learning rate.
/// </summary>
public sealed class Trainer
{
    /// <summary>Loss of one minibatch: prediction and observation <c>[ρ, b]</c> and the batch's basin indices.</summary>
    public delegate Tensor LossFunction(Tensor prediction, Tensor observation, int[] basins);

    /// <summary>A further target's term of the loss: its output series, weight and loss (observed: <see cref="ModelBatch.OtherTargets"/>).</summary>
    public sealed record TargetTerm(string Output, double Weight, LossFunction Loss);

    readonly ITrainableModel model;
    readonly ExperimentConfig config;
    readonly TrainConfig train;
    readonly TrainingRun run;
    readonly Device device;
    readonly IProgress<TrainingProgress>? progress;
    IReadOnlyList<TargetTerm> terms = [];

    /// <param name="config">The experiment: section <c>train</c>, <c>model.rho</c>, <c>seed</c> and <c>test.batch_size</c> (the default evaluation chunk).</param>
    /// <param name="run">Where checkpoints go and whether an earlier run may be resumed.</param>
    public Trainer(ITrainableModel model, ExperimentConfig config, TrainingRun run, Device device, IProgress<TrainingProgress>? progress = null)
    {
        this.model = model;
        this.config = config;
        train = config.Train;
        this.run = run;
        this.device = device;
        this.progress = progress;
    }

    public string Signature => string.Join(" | ", model.Describe());

    string LogPath => Path.Combine(run.ModelDirectory, TrainingLog.FileName);

    /// <summary>Trains for the configured epochs, resuming from <c>last.ckpt</c> when allowed and compatible.</summary>
    /// <param name="validation">Held-out data to select the epoch on (section <c>validation</c>); null = none, the last epoch is the model.</param>
    /// <param name="otherTargets">Terms added to <paramref name="loss"/> for the further targets, in <see cref="InputSpec.OtherTargets"/> order; null = none.</param>
    public TrainingResult Train(PreparedData data, LossFunction loss, CancellationToken cancel = default, ValidationScorer? validation = null,
        IReadOnlyList<TargetTerm>? otherTargets = null)
    {
        terms = otherTargets ?? [];
        Directory.CreateDirectory(run.ModelDirectory);
        var parameters = model.Module.parameters().ToList();
        using var optimizer = CreateOptimizer(parameters);
        // Mixed precision changes only the network's forward and backward inside Step; weights and optimizer stay float32.
        using var precision = model.UseTrainingPrecision(NetworkDType(train.NetworkPrecision));
        var history = new List<EpochRecord>();
        var checkpoints = new List<string>();
        var schedule = LearningRateSchedule.For(train);
        var (start, resumed) = run.Resume ? TryResume(optimizer, history) : (0, null);
        var selection = validation is null ? null : new EpochSelection(validation.Config.HigherIsBetter, train.EarlyStopping, resumed);
        if (selection?.Current.Stopped == true) return Finish(history, checkpoints, start, selection);

        int iterations = train.IterationsPerEpoch
            ?? MinibatchSampler.IterationsPerEpoch(train.BatchSize, config.Model.Rho, data.Basins, data.Days, model.WarmUp);
        var clock = Stopwatch.StartNew();

        for (int epoch = start + 1; epoch <= train.Epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            if (schedule is not null) SetLearningRate(optimizer, schedule.At(epoch));
            model.Module.train();
            var sampler = new MinibatchSampler(data.Basins, data.Days, model.WarmUp, config.Model.Rho, train.BatchSize,
                train.SampleWithReplacement, RandomStreams.Derive(config.Seed, "sampler", epoch), data.ScoredDays);
            using var generator = new Generator((ulong)RandomStreams.Derive(config.Seed, "dropout", epoch));
            double sum = 0;
            int done = 0;
            for (int it = 1; it <= iterations; it++)
            {
                if (cancel.IsCancellationRequested) return Stop(optimizer, history, checkpoints, start);
                double value = Step(data, sampler, generator, optimizer, parameters, loss, epoch, it);
                sum += value;
                done++;
                progress?.Report(new TrainingProgress("train", epoch, train.Epochs, it, iterations, value, sum / done, clock.Elapsed));
            }
            double seconds = epochClock.Elapsed.TotalSeconds;   // training time only: validation is reported apart
            double? score = validation is not null && validation.IsDue(epoch)
                ? Validate(validation, selection!, epoch) : null;
            history.Add(new EpochRecord(epoch, sum / done, seconds, done) { LearningRate = LearningRate(optimizer), Validation = score });
            WriteLog(history);
            // The numbered checkpoint before last.ckpt: a run killed between the two resumes at the previous epoch and
            // writes this one again. The other order lost it for good (the resumed run starts after this epoch).
            bool stop = selection?.Current.Stopped == true;
            if (epoch % train.SaveEvery == 0 || epoch == train.Epochs || stop)
            {
                var path = Path.Combine(run.ModelDirectory, Checkpoint.FileName(epoch));
                SaveCheckpoint(path, epoch, optimizer: null);
                checkpoints.Add(path);
            }
            SaveCheckpoint(Path.Combine(run.ModelDirectory, Checkpoint.ResumeFileName), epoch, optimizer, selection?.Current);
            if (stop) break;
        }
        return Finish(history, checkpoints, start, selection);
    }

    /// <summary>Scores the epoch's weights and, when they are the best so far, keeps them in <c>best.ckpt</c>.</summary>
    double Validate(ValidationScorer validation, EpochSelection selection, int epoch)
    {
        double score = validation.Score(this, model.WarmUp, model.TargetOutput);
        if (selection.Observe(epoch, score)) SaveCheckpoint(Path.Combine(run.ModelDirectory, Checkpoint.BestFileName), epoch, optimizer: null);
        return score;
    }

    /// <summary>The outcome; with a best validation epoch, its weights are loaded so the model in memory is the selected one.</summary>
    TrainingResult Finish(List<EpochRecord> history, List<string> checkpoints, int start, EpochSelection? selection)
    {
        int? best = selection?.Current.BestEpoch is > 0 and var e ? e : null;
        if (best is not null) Checkpoint.Load(Path.Combine(run.ModelDirectory, Checkpoint.BestFileName), model.Module, Signature);
        return new TrainingResult(history, checkpoints, start, Cancelled: false)
        {
            BestEpoch = best,
            BestScore = best is null ? double.NaN : selection!.Current.BestScore,
            StoppedEarly = selection?.Current.Stopped == true,
            NetworkPrecision = train.NetworkPrecision,
        };
    }

    static void SetLearningRate(optim.Optimizer optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
    }

    static double LearningRate(optim.Optimizer optimizer) => optimizer.ParamGroups.First().LearningRate;

    double Step(PreparedData data, MinibatchSampler sampler, Generator generator, optim.Optimizer optimizer,
        List<TorchSharp.Modules.Parameter> parameters, LossFunction loss, int epoch, int iteration)
    {
        using var scope = NewDisposeScope();
        var (basins, starts) = sampler.Next();
        using var batch = data.Window(basins, starts, sampler.WindowLength, device);
        optimizer.zero_grad();
        double value;
        using (model.BeginTrainingStep(generator))
        {
            var output = model.Forward(batch);
            var prediction = output.Series[model.TargetOutput];                 // [ρ, b]
            var observation = batch.Target[model.WarmUp..];                     // [ρ, b]
            var l = loss(prediction, observation, basins);
            for (int i = 0; i < terms.Count; i++)
            {
                var term = terms[i];
                if (!output.Series.TryGetValue(term.Output, out var simulated))
                    throw new InvalidOperationException($"'train.targets': the model has no output '{term.Output}'; its outputs: {string.Join(", ", output.Series.Keys)}.");
                l = l + term.Loss(simulated, batch.OtherTargets[i][model.WarmUp..], basins) * term.Weight;
            }
            value = l.to(ScalarType.Float64).item<double>();
            if (!double.IsFinite(value))
                throw new InvalidOperationException(
                    $"epoch {epoch}, minibatch {iteration}: the loss is {value}. Likely causes: a learning rate too high for " +
                    "this optimizer, missing values in a network input that normalization could not handle, or a window " +
                    "without any observed target. Try train.grad_clip or a smaller train.optimizer.lr.");
            l.backward();
        }
        if (train.GradClip is { } clip) nn.utils.clip_grad_norm_(parameters, clip);
        optimizer.step();
        return value;
    }

    /// <summary>Runs the model forward over every basin of <paramref name="data"/> in chunks, without gradient.</summary>
    /// <param name="settings">Chunk size and network precision of this pass (<c>test</c> or <c>simulate</c> section);
    /// null = <c>test.batch_size</c> in float32.</param>
    /// <param name="pass">The forward pass per chunk and the warm-up it reads; null = the model's <see cref="ITrainableModel.Forward"/> after its warm-up.</param>
    /// <returns>Each output series as <c>float[T − warm-up, B]</c> (time-major), and scalars as <c>float[B]</c>.</returns>
    public SimulationOutput Simulate(PreparedData data, string phase = "test", CancellationToken cancel = default, EvaluationConfig? settings = null,
        SimulationPass? pass = null)
    {
        model.Module.eval();
        int chunkSize = settings?.BatchSize ?? config.Test.BatchSize;
        using var precision = model.UseNetworkPrecision(NetworkDType(settings?.NetworkPrecision ?? "float32"));
        int warmUp = pass?.WarmUp ?? model.WarmUp;
        var forward = pass?.Forward ?? model.Forward;
        int B = data.Basins, T = data.Days - warmUp;
        if (T <= 0) throw new ArgumentException($"the {phase} period has {data.Days} input days, not more than the warm-up ({warmUp}).");
        var series = new Dictionary<string, float[]>();
        var scalars = new Dictionary<string, float[]>();
        int chunks = (B + chunkSize - 1) / chunkSize, done = 0;
        var clock = Stopwatch.StartNew();
        var gather = new Lock();
        // Chunks are independent: on the CPU they run side by side, one per core (ChunkWorkers); each is copied into
        // its own columns of the outputs as it finishes.
        ChunkWorkers.Run(chunks, device, c =>
        {
            using var scope = NewDisposeScope();
            int first = c * chunkSize, count = Math.Min(chunkSize, B - first);
            using var batch = data.Chunk(first, count, device);
            var output = forward(batch);
            var chunkSeries = output.Series.Select(s => (s.Key, Values: s.Value.to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray())).ToList();   // [T, count]
            var chunkScalars = output.Scalars.Select(s => (s.Key, Values: s.Value.to(ScalarType.Float32).cpu().data<float>().ToArray())).ToList();
            lock (gather)
            {
                foreach (var (name, chunk) in chunkSeries)
                {
                    var dst = series.TryGetValue(name, out var a) ? a : series[name] = new float[(long)T * B];
                    for (int t = 0; t < T; t++) Array.Copy(chunk, (long)t * count, dst, (long)t * B + first, count);
                }
                foreach (var (name, values) in chunkScalars)
                    values.CopyTo(scalars.TryGetValue(name, out var a) ? a : scalars[name] = new float[B], first);
                progress?.Report(new TrainingProgress(phase, 0, 0, ++done, chunks, double.NaN, double.NaN, clock.Elapsed));
            }
        }, cancel);
        return new SimulationOutput(data.Dataset.Basins, data.Dataset.DateAt(warmUp), T, series, scalars);
    }

    /// <summary>The tensor type of an <see cref="EvaluationConfig.NetworkPrecision"/> value.</summary>
    public static ScalarType NetworkDType(string precision) => precision switch
    {
        "float32" => ScalarType.Float32,
        "bfloat16" => ScalarType.BFloat16,
        _ => throw new ArgumentException($"network precision must be {string.Join(" or ", EvaluationConfig.NetworkPrecisions)}, got '{precision}'."),
    };

    (int Epoch, EpochSelection.State? Selection) TryResume(optim.Optimizer optimizer, List<EpochRecord> history)
    {
        var path = Path.Combine(run.ModelDirectory, Checkpoint.ResumeFileName);
        if (!File.Exists(path)) return (0, null);
        var header = Checkpoint.ReadHeader(path);
        if (header.ConfigHash != run.ConfigHash)
            throw new InvalidDataException(
                $"{path}: the checkpoint in this output folder was trained with another configuration. " +
                "Use a new output_dir, delete the folder, or pass --fresh to start over.");
        var loaded = Checkpoint.Load(path, model.Module, Signature, optimizer);
        history.AddRange(ReadLog().Where(r => r.Epoch <= header.Epoch));
        return (header.Epoch, loaded.Selection);
    }

    TrainingResult Stop(optim.Optimizer optimizer, List<EpochRecord> history, List<string> checkpoints, int start)
    {
        // The interrupted epoch is discarded: weights return to the last completed epoch (saved in last.ckpt), so
        // that resuming replays that epoch exactly as an uninterrupted run would.
        var resume = Path.Combine(run.ModelDirectory, Checkpoint.ResumeFileName);
        if (File.Exists(resume)) Checkpoint.Load(resume, model.Module, Signature, optimizer);
        return new TrainingResult(history, checkpoints, start, Cancelled: true) { NetworkPrecision = train.NetworkPrecision };
    }

    void SaveCheckpoint(string path, int epoch, optim.Optimizer? optimizer, EpochSelection.State? selection = null) =>
        Checkpoint.Save(path, new Checkpoint.Header(epoch, run.ConfigHash, Signature) { Selection = selection }, model.Module, optimizer);

    /// <summary>
    /// Loads the weights of a numbered checkpoint into the model; for null, those of the best validation epoch
    /// (<c>best.ckpt</c>) when the run selected one, else the last epoch (<c>last.ckpt</c>).
    /// </summary>
    public int LoadWeights(int? epoch)
    {
        var best = Path.Combine(run.ModelDirectory, Checkpoint.BestFileName);
        var path = epoch is { } e ? Path.Combine(run.ModelDirectory, Checkpoint.FileName(e))
            : File.Exists(best) ? best : Path.Combine(run.ModelDirectory, Checkpoint.ResumeFileName);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"no trained model to evaluate: {path} does not exist. Run with mode train or train_test first" +
                (epoch is null ? "." : $", or pick an epoch that was saved (train.save_every)."), path);
        return Checkpoint.Load(path, model.Module, Signature).Epoch;
    }

    optim.Optimizer CreateOptimizer(IEnumerable<TorchSharp.Modules.Parameter> parameters) => train.Optimizer.Name.ToLowerInvariant() switch
    {
        "adadelta" => optim.Adadelta(parameters, lr: train.Optimizer.LearningRate),   // δMG: ρ 0.9, ε 1e-6
        "adam" => optim.Adam(parameters, lr: train.Optimizer.LearningRate),
        _ => throw new ArgumentException($"unknown optimizer '{train.Optimizer.Name}'; expected adadelta or adam."),
    };

    string CurvePath => Path.Combine(run.ModelDirectory, LearningCurve.FileName);

    void WriteLog(IReadOnlyList<EpochRecord> history)
    {
        TrainingLog.Write(LogPath, history);
        LearningCurve.Write(CurvePath, history);
    }

    IReadOnlyList<EpochRecord> ReadLog() => LearningCurve.ReadHistory(run.ModelDirectory);
}
