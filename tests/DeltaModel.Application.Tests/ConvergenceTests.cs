using System.Text.Json;
using DeltaModel.Core.Training;
using Xunit;

namespace DeltaModel.Application.Tests;

/// <summary>
/// Validation, best-epoch selection, early stopping and learning-rate schedules end to end on the tiny experiment:
/// the selected weights are the ones tested, a run stopped and resumed decides exactly as an uninterrupted one, and
/// held-out validation basins never reach training.
/// </summary>
public class ConvergenceTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "deltamodel-convergence-tests", Guid.NewGuid().ToString("N"));

    public ConvergenceTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>Training ends 2001-06-30; validation scores the three months after it, before the test period.</summary>
    static readonly (string, string)[] Validated =
    [
        ("train.period", "{start: 2000-10-01, end: 2001-06-30}"),
        ("validation", "{period: {start: 2001-07-01, end: 2001-09-30}}"),
        ("train.epochs", "3"),
        ("train.save_every", "1"),
        ("train.optimizer", "{name: adam, lr: 0.3}"),   // steps large enough that the validation score does not just rise
    ];

    string Experiment(string name)
    {
        var dir = Path.Combine(folder, name);
        Directory.CreateDirectory(dir);
        return TinyExperiment.Write(dir);
    }

    static ExperimentResult Run(string path, (string, string)[] settings, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default) =>
        new ExperimentRunner(RunPlan.FromFile(path, new RunOverrides { Settings = settings }), progress).Run(cancel);

    [Fact]
    public void The_best_validation_epoch_is_the_model_tested_and_is_reported()
    {
        var path = Experiment("best");
        var result = Run(path, Validated);
        var training = result.Training!;
        var scored = training.Epochs.Select(e => e.Validation!.Value).ToList();
        int best = scored.IndexOf(scored.Max()) + 1;        // scores -2.36, -19.4, -7.61 on this machine
        Assert.Equal(best, training.BestEpoch);
        Assert.Equal(best, result.Evaluation!.Epoch);

        var outDir = Path.Combine(Path.GetDirectoryName(path)!, "out");
        Assert.Equal(4, File.ReadAllLines(Path.Combine(outDir, "model", LearningCurve.FileName)).Length);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var t = json.RootElement.GetProperty("training");
        Assert.Equal(best, t.GetProperty("selected_epoch").GetInt32());
        Assert.Equal(best, t.GetProperty("validation").GetProperty("best_epoch").GetInt32());
        Assert.Equal("nse", t.GetProperty("validation").GetProperty("metric").GetString());
        Assert.Equal(3, t.GetProperty("learning_curve").GetArrayLength());
        Assert.Equal(6, t.GetProperty("minibatches").GetInt32());

        // The same test scores as the best epoch's numbered checkpoint, and as a later test-only run (best.ckpt).
        double nse = result.Evaluation.Metrics!.Aggregate("nse", "median");
        var fromCheckpoint = Run(path, [.. Validated, ("mode", "test"), ("test.epoch", best.ToString())]);
        Assert.Equal(nse, fromCheckpoint.Evaluation!.Metrics!.Aggregate("nse", "median"));
        var testOnly = Run(path, [.. Validated, ("mode", "test")]);
        Assert.Equal(best, testOnly.Evaluation!.Epoch);
        Assert.Equal(nse, testOnly.Evaluation.Metrics!.Aggregate("nse", "median"));

        // The choice matters here: the last epoch is not the best, and its weights test differently.
        Assert.NotEqual(3, best);
        var last = Run(path, [.. Validated, ("mode", "test"), ("test.epoch", "3")]);
        Assert.NotEqual(nse, last.Evaluation!.Metrics!.Aggregate("nse", "median"));
    }

    [Fact]
    public void A_run_stopped_and_resumed_decides_and_ends_bit_identically_to_an_uninterrupted_one()
    {
        (string, string)[] settings =
        [
            .. Validated,
            ("train.epochs", "6"),
            ("train.lr_scheduler", "{name: exponential, gamma: 0.5}"),
            ("train.early_stopping", "{patience: 2}"),
        ];
        var whole = Run(Experiment("whole"), settings);

        var path = Experiment("stopped");
        using var cancel = new CancellationTokenSource();
        var stopAtEpoch3 = new SynchronousProgress(p => { if (p is { Phase: "train", Epoch: 3, Step: 1 }) cancel.Cancel(); });
        var interrupted = Run(path, settings, stopAtEpoch3, cancel.Token);
        Assert.True(interrupted.Training!.Cancelled);
        var resumed = Run(path, settings);
        Assert.Equal(2, resumed.Training!.ResumedFromEpoch);

        static object Curve(TrainingResult t) => t.Epochs.Select(e => (e.Epoch, e.Loss, e.LearningRate, e.Validation)).ToList();
        Assert.Equal(Curve(whole.Training!), Curve(resumed.Training));
        Assert.Equal([0.3, 0.15, 0.075], whole.Training!.Epochs.Take(3).Select(e => e.LearningRate));
        // Epoch 1 is best, 2 and 3 are not (validation NSE -2.36, -13.7, -13.9 here): the stop at epoch 3 comes after the
        // resume from epoch 2, so it needs the count of stale scorings the checkpoint carried over.
        Assert.True(whole.Training.StoppedEarly);
        Assert.Equal(3, whole.Training.Epochs.Count);
        Assert.Equal(whole.Training.BestEpoch, resumed.Training.BestEpoch);
        Assert.Equal(whole.Training.StoppedEarly, resumed.Training.StoppedEarly);
        Assert.Equal(whole.Evaluation!.Metrics!.Aggregate("nse", "median"), resumed.Evaluation!.Metrics!.Aggregate("nse", "median"));
        foreach (var file in new[] { Checkpoint.BestFileName, Checkpoint.ResumeFileName })
            Assert.Equal(File.ReadAllBytes(ModelFile("whole", file)), File.ReadAllBytes(ModelFile("stopped", file)));
    }

    [Fact]
    public void Held_out_validation_basins_never_reach_training()
    {
        // Holding out 01022500 trains exactly as a run that never had it: same losses, epoch by epoch.
        (string, string)[] common = [("train.batch_size", "1"), ("train.epochs", "2"), ("mode", "train")];
        var heldOut = Run(Experiment("held-out"), [.. common, ("validation", "{basins: ['01022500']}")]);
        var alone = Run(Experiment("alone"), [.. common, ("data.basins", "['01013500']")]);
        Assert.Equal(alone.Training!.Epochs.Select(e => e.Loss), heldOut.Training!.Epochs.Select(e => e.Loss));
        Assert.All(heldOut.Training.Epochs, e => Assert.True(double.IsFinite(e.Validation!.Value)));
    }

    string ModelFile(string experiment, string file) => Path.Combine(folder, experiment, "out", "model", file);

    sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
