using System.Text.Json;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Outputs.Results;
using DeltaModel.Core.Tensors;
using DeltaModel.Core.Training;
using DeltaModel.Models;
using Xunit;

namespace DeltaModel.Application.Tests;

/// <summary>
/// The runner end to end on the embedded sample (2 basins, a tiny δHBV, a few minibatches): files written, resume
/// continues instead of restarting, a changed config is refused, test-only runs reuse the trained model.
/// </summary>
public class ExperimentRunnerTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "deltamodel-runner-tests", Guid.NewGuid().ToString("N"));

    public ExperimentRunnerTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    string WriteExperiment(string physics = "hbv") => TinyExperiment.Write(folder, physics);

    static ExperimentResult Run(string path, params (string, string)[] settings) =>
        new ExperimentRunner(RunPlan.FromFile(path, new RunOverrides { Settings = settings })).Run();

    [Fact]
    public void Train_test_writes_every_output_and_scores_each_basin()
    {
        var result = Run(WriteExperiment());
        var outDir = Path.Combine(folder, "out");
        foreach (var file in new[] { "config.resolved.yaml", "results.json", "model/last.ckpt", "model/epoch_0001.ckpt", "model/normalization.json",
                     "model/training_log.csv", "test/metrics.csv", "test/metrics.json", "test/simulation.csv", "test/simulation.parquet", "test/scalars.csv" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);

        Assert.Equal(2, result.Evaluation!.Metrics!.Basins.Count);
        Assert.Equal(182, result.Evaluation.Days);                      // 2001-10-01 … 2002-03-31
        Assert.All(result.Evaluation.Metrics.Values, m => Assert.True(double.IsFinite(m.Get("nse"))));
        var header = File.ReadLines(Path.Combine(outDir, "test", "simulation.csv")).First().Split(',');
        Assert.Equal(["basin", "date", "observed", "streamflow"], header[..4]);
        Assert.Contains("SM", header);                                   // untrained stores come out too
        Assert.Contains("AET_hydro", header);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        Assert.Equal("tiny", json.RootElement.GetProperty("experiment").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("training").GetProperty("epochs").GetInt32());

        // The one results.json record reads back what the runner wrote, and writes the same text again.
        var resultsPath = new RunFolder(outDir).Results;
        var read = RunResults.Read(resultsPath);
        Assert.Equal("tiny", read.Experiment);
        Assert.Equal("train_test", read.Mode);
        Assert.Equal(1, read.Training!.Epochs);
        Assert.Equal(2, read.Evaluation!.Basins);
        Assert.Equal(182, read.Evaluation.Days);
        Assert.Equal(Math.Round(result.Evaluation.Metrics.Aggregate("nse", "median"), 6), read.Evaluation.Metric("NSE")!.Median);
        Assert.Equal(2, read.Evaluation.Metric("nse")!.N);
        Assert.InRange(DateTimeOffset.UtcNow - read.Finished!.Value, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        var copy = Path.Combine(folder, "results.copy.json");
        read.Write(copy);
        Assert.Equal(File.ReadAllText(resultsPath), File.ReadAllText(copy));
    }

    [Fact]
    public void More_epochs_resume_from_the_checkpoint_and_a_changed_config_is_refused()
    {
        var path = WriteExperiment();
        Run(path);
        var resumed = Run(path, ("train.epochs", "2"));
        Assert.Equal(1, resumed.Training!.ResumedFromEpoch);
        Assert.Equal([1, 2], resumed.Training.Epochs.Select(e => e.Epoch));

        var refused = Assert.Throws<InvalidDataException>(() => Run(path, ("train.epochs", "3"), ("model.nn.hidden_size", "16")));
        Assert.Contains("another configuration", refused.Message);
    }

    [Fact]
    public void Test_mode_reuses_the_trained_model_and_reproduces_its_scores()
    {
        var path = WriteExperiment();
        var trained = Run(path);
        var tested = Run(path, ("mode", "test"));
        Assert.Null(tested.Training);
        Assert.Equal(trained.Evaluation!.Metrics!.Aggregate("nse", "median"), tested.Evaluation!.Metrics!.Aggregate("nse", "median"), 6);
    }

    [Fact]
    public void Network_precision_and_chunk_size_come_from_the_section_of_the_phase()
    {
        var path = WriteExperiment();
        var trained = Run(path);
        var bf16 = Run(path, ("mode", "test"), ("test.network_precision", "bfloat16"));
        var q32 = trained.Evaluation!.Output!.Series["streamflow"];
        var q16 = bf16.Evaluation!.Output!.Series["streamflow"];
        double scale = q32.Max(Math.Abs), error = q32.Zip(q16, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(error > 0, "the bfloat16 network must change the streamflow by its rounding");
        Assert.True(error < 0.05 * scale, $"bfloat16 moved streamflow by {error} mm/d (max flow {scale})");
        Assert.Equal(trained.Evaluation.Metrics!.Aggregate("nse", "median"), bf16.Evaluation.Metrics!.Aggregate("nse", "median"), 2);

        // simulate.batch_size sets the chunks of a simulation (it was once read from test.batch_size).
        var steps = new List<int>();
        var plan = RunPlan.FromFile(path, new RunOverrides { Settings = [("mode", "simulate"), ("simulate.period", "{start: 2001-10-01, end: 2002-03-31}"), ("simulate.batch_size", "1")] });
        new ExperimentRunner(plan, new SynchronousProgress(p => { if (p.Phase == "simulate") steps.Add(p.Steps); })).Run();
        Assert.NotEmpty(steps);
        Assert.All(steps, n => Assert.Equal(2, n));                     // 2 basins, 1 per chunk
    }

    [Fact]
    public void Chunks_run_side_by_side_give_what_one_chunk_of_every_basin_gives()
    {
        var path = WriteExperiment();
        var whole = Run(path, ("test.batch_size", "2"));                 // both basins in one chunk
        var split = Run(path, ("mode", "test"), ("test.batch_size", "1"));   // one chunk per basin: side by side where libtorch has 2+ threads
        foreach (var (name, a) in whole.Evaluation!.Output!.Series)
        {
            var b = split.Evaluation!.Output!.Series[name];
            double scale = Math.Max(1e-6, a.Max(Math.Abs)), error = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
            // float32 rounding of a batch of 1 against a batch of 2 only, over 365 + 182 days
            Assert.True(error <= 1e-5 * scale, $"{name}: chunks of 1 moved the output by {error} (max |value| {scale})");
        }
        Assert.Equal(whole.Evaluation.Metrics!.Aggregate("nse", "median"), split.Evaluation!.Metrics!.Aggregate("nse", "median"), 5);
    }

    sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    [Fact]
    public void The_config_hash_follows_what_shapes_the_weights_only()
    {
        var path = WriteExperiment();
        string Hash(params (string, string)[] settings) => ExperimentRunner.ConfigHash(ExperimentConfig.Load(path, settings: settings, plugins: ModelRegistry.ConfigPlugins));
        var baseline = Hash();
        Assert.Equal(baseline, Hash(("train.epochs", "7"), ("mode", "test"), ("name", "other"), ("output_dir", "elsewhere")));
        Assert.Equal(baseline, Hash(("test.network_precision", "bfloat16"), ("test.batch_size", "5"), ("simulate.batch_size", "3"), ("test.epoch", "1")));
        Assert.NotEqual(baseline, Hash(("model.nn.hidden_size", "16")));
        Assert.NotEqual(baseline, Hash(("seed", "2")));
        Assert.NotEqual(baseline, Hash(("train.batch_size", "1")));
        // Validation, schedules and early stopping shape the model chosen; absent, they leave the hash as it was.
        Assert.NotEqual(baseline, Hash(("train.lr_scheduler", "{name: step}")));
        Assert.NotEqual(baseline, Hash(("validation", "{fraction: 0.5}")));
        // float32 training hashes as before the key existed (earlier runs still resume); bfloat16 shapes the weights.
        Assert.Equal(baseline, Hash(("train.network_precision", "float32")));
        Assert.NotEqual(baseline, Hash(("train.network_precision", "bfloat16")));
        // Likewise keeping every LSTM activation (the default) hashes as before recompute_segments existed.
        Assert.Equal(baseline, Hash(("model.nn.recompute_segments", "1")));
        Assert.NotEqual(baseline, Hash(("model.nn.recompute_segments", "4")));
    }

    [Fact]
    public void The_config_hash_survives_a_move_of_the_repository_and_the_data()
    {
        // The loader makes every path absolute; the checkpoint must still resume after both folders move.
        string Hash(string root)
        {
            Directory.CreateDirectory(Path.Combine(root, "data", "camels"));
            var experiment = Directory.CreateDirectory(Path.Combine(root, "repo", "exp")).FullName;
            File.WriteAllText(Path.Combine(experiment, "basins.txt"), "01013500\n01022500\n");
            var yaml = TinyExperiment.Write(experiment);
            File.WriteAllText(yaml, File.ReadAllText(yaml)
                .Replace(TinyExperiment.Sample.Replace('\\', '/'), "../../data/camels")
                .Replace("basins: [\"01013500\", \"01022500\"]", "basin_file: basins.txt"));
            return ExperimentRunner.ConfigHash(ExperimentConfig.Load(yaml, plugins: ModelRegistry.ConfigPlugins));
        }
        Assert.Equal(Hash(Path.Combine(folder, "here")), Hash(Path.Combine(folder, "there", "moved")));
    }

    [Fact]
    public void Bfloat16_training_records_the_precision_the_hardware_allowed()
    {
        var lines = new List<string>();
        var plan = RunPlan.FromFile(WriteExperiment(), new RunOverrides { NetworkPrecision = "bfloat16" });
        Assert.Equal("bfloat16", plan.Config.Train.NetworkPrecision);
        var result = new ExperimentRunner(plan, log: lines.Add).Run();
        string used = NativeBFloat16.OnThisCpu ? "bfloat16" : "float32";
        Assert.Equal(used, result.Training!.NetworkPrecision);
        Assert.Contains(lines, l => l.StartsWith("train: ", StringComparison.Ordinal) && l.EndsWith($"network {used}", StringComparison.Ordinal));
        Assert.Equal(!NativeBFloat16.OnThisCpu, lines.Any(l => l.StartsWith("warning: ", StringComparison.Ordinal)));
        Assert.All(result.Evaluation!.Metrics!.Values, m => Assert.True(double.IsFinite(m.Get("nse"))));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "out", "results.json")));
        Assert.Equal(used, json.RootElement.GetProperty("training").GetProperty("network_precision").GetString());
    }

    [Fact]
    public void Unknown_physics_is_a_config_error_naming_the_file()
    {
        var path = WriteExperiment(physics: "hvb");
        var error = Assert.Throws<ConfigException>(() => Run(path));
        Assert.Contains("experiment.yaml", error.Message);
        Assert.Contains("did you mean 'hbv'", error.Message);
    }
}
