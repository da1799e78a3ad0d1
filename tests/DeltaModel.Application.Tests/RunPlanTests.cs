using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Models;

namespace DeltaModel.Application.Tests;

/// <summary>
/// Resolving a run: override precedence (defaults, file, --set, typed choices), data sources that carry their origin,
/// the plan text, and that planning has no side effects — the run does.
/// </summary>
public class RunPlanTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "deltamodel-plan-tests", Guid.NewGuid().ToString("N"));

    public RunPlanTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void A_set_key_beats_the_file_and_the_file_beats_the_default()
    {
        var path = TinyExperiment.Write(folder, extra: "seed: 7");
        var plain = RunPlan.FromFile(path, new RunOverrides()).Config;
        Assert.Equal(1, plain.Train.Epochs);                                    // file
        Assert.Equal(7, plain.Seed);                                            // file over the default
        Assert.Equal(new ExperimentConfig { Data = new DataConfig { Path = "" } }.Device, plain.Device);   // default

        var set = RunPlan.FromFile(path, new RunOverrides { Settings = [("train.epochs", "5"), ("seed", "9"), ("device", "cpu")] }).Config;
        Assert.Equal(5, set.Train.Epochs);
        Assert.Equal(9, set.Seed);
    }

    [Fact]
    public void A_typed_option_beats_a_set_key_as_the_cli_applies_them()
    {
        var path = TinyExperiment.Write(folder);
        var config = RunPlan.FromFile(path, new RunOverrides { Settings = [("train.epochs", "5"), ("mode", "train")], Epochs = 7, Mode = "test" }).Config;
        Assert.Equal(7, config.Train.Epochs);
        Assert.Equal("test", config.Mode);
    }

    [Fact]
    public void An_override_is_validated_against_the_file_with_its_key()
    {
        var path = TinyExperiment.Write(folder);
        var error = Assert.Throws<ConfigException>(() => RunPlan.FromFile(path, new RunOverrides { Mode = "fly" }));
        Assert.Contains("experiment.yaml", error.Message);
        Assert.Contains("'mode'", error.Message);
    }

    [Fact]
    public void A_cmdlet_parameter_beats_the_file_and_the_rest_of_the_file_stays()
    {
        var path = TinyExperiment.Write(folder);
        var model = ExperimentConfig.Load(path, plugins: ModelRegistry.ConfigPlugins);
        var plan = RunPlan.ForTraining(model, null, new RunOverrides { Epochs = 9, Seed = 3 }, folder, fresh: false);
        Assert.Equal(9, plan.Config.Train.Epochs);
        Assert.Equal(3, plan.Config.Seed);
        Assert.Equal(2, plan.Config.Train.BatchSize);                           // from the file
        Assert.Equal(model.OutputDir, plan.Config.OutputDir);                   // a file's model keeps its output folder
        Assert.Equal("train", plan.Config.Mode);
        Assert.True(plan.Data.ReadsFolder);
    }

    [Fact]
    public void Training_without_data_or_period_says_which_input_is_missing()
    {
        var bare = new ExperimentConfig { Data = new DataConfig { Path = "" } };
        var noData = Assert.Throws<RunInputException>(() => RunPlan.ForTraining(bare, null, new RunOverrides(), folder, fresh: false));
        Assert.Equal("DatasetRequired", noData.Reason);

        var withData = bare with { Data = new DataConfig { Path = TinyExperiment.Sample } };
        var noPeriod = Assert.Throws<RunInputException>(() => RunPlan.ForTraining(withData, null, new RunOverrides(), folder, fresh: false));
        Assert.Equal("PeriodRequired", noPeriod.Reason);
    }

    [Fact]
    public void A_dataset_loaded_for_a_plan_carries_its_origin_through_selections_into_a_run()
    {
        var path = TinyExperiment.Write(folder);
        var loaded = RunPlan.FromFile(path, new RunOverrides()).LoadData();
        Assert.Equal(TinyExperiment.Sample, loaded.Origin!.Path);
        var one = loaded.SelectBasins(["01022500"]).SelectPeriod(new DateOnly(2000, 9, 1), new DateOnly(2002, 3, 31));
        Assert.Equal("camels", one.Origin!.Format);

        // A model built from parameters (no file) and trained on the dataset in memory names the dataset's folder.
        var model = ExperimentConfig.Load(path, plugins: ModelRegistry.ConfigPlugins) with { SourcePath = "", Data = new DataConfig { Path = "" } };
        var output = Path.Combine(folder, "memory");
        var plan = RunPlan.ForTraining(model, one, new RunOverrides { OutputDir = output, IterationsPerEpoch = 1 }, folder, fresh: false);
        Assert.False(plan.Data.ReadsFolder);
        Assert.Equal(["01022500"], plan.Config.Data.Basins);
        Assert.Equal(1, plan.Config.Train.BatchSize);                           // one basin in memory
        var trained = new ExperimentRunner(plan).Train();
        Assert.Single(trained.Epochs);

        var saved = ModelFolder.Load(output);
        Assert.Equal(TinyExperiment.Sample, saved.Data.Path);
        Assert.Equal(["01022500"], saved.Data.Basins);
        Assert.Equal("oudin", saved.Data.Pet);
    }

    [Fact]
    public void A_dataset_of_unknown_origin_plans_without_a_data_folder()
    {
        var path = TinyExperiment.Write(folder);
        var loaded = RunPlan.FromFile(path, new RunOverrides()).LoadData();
        var anonymous = new HydroDataset(loaded.Basins, loaded.Start, loaded.DayCount, loaded.Dynamic.Values, loaded.Attributes.Values,
            loaded.Locations, loaded.TargetName);
        Assert.Null(anonymous.Origin);
        var plan = RunPlan.ForTraining(ExperimentConfig.Load(path, plugins: ModelRegistry.ConfigPlugins), anonymous, new RunOverrides(), folder, fresh: false);
        Assert.Equal("", plan.Config.Data.Path);
        Assert.Contains("2 basins ×", plan.Describe());
    }

    [Fact]
    public void Planning_deletes_nothing_and_a_fresh_run_starts_over_when_it_runs()
    {
        var path = TinyExperiment.Write(folder);
        var earlier = Path.Combine(folder, "out", "model", "earlier.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(earlier)!);
        File.WriteAllText(earlier, "a previous training run");

        var plan = RunPlan.FromFile(path, new RunOverrides { Mode = "train" }, fresh: true);
        using (var run = new ModelRun(plan))
        {
            var runner = new ExperimentRunner(plan);
            _ = plan.Describe();
            Assert.False(run.Started);
            Assert.True(File.Exists(earlier), "constructing the plan, run or runner must not delete the model folder");
        }
        Assert.False(File.Exists(Path.Combine(folder, "out", "config.resolved.yaml")));

        new ExperimentRunner(plan).Run();
        Assert.False(File.Exists(earlier), "a fresh run deletes the earlier model folder when it starts");
        Assert.True(File.Exists(Path.Combine(folder, "out", "model", "last.ckpt")));
    }

    [Fact]
    public void The_estimate_counts_the_basins_of_a_basin_file_before_any_data_is_read()
    {
        var shipped = Path.Combine(TinyExperiment.RepoRoot, "experiments", "camels-sample-dhbv", "experiment.yaml");
        var plan = RunPlan.FromFile(shipped, new RunOverrides());
        var listed = BasinSelection.FromFile(plan.Config.Data.BasinFile!).Ids.Count;
        Assert.True(listed > 1);
        Assert.Equal(listed, plan.Data.BasinCount);
        Assert.Equal(TrainingEstimate.For(plan.Config, listed, plan.Config.Train.Period!.Days + plan.Config.Model.WarmUp), plan.Estimate());
    }

    [Fact]
    public void The_plan_describes_training_and_the_evaluation_that_follows()
    {
        var path = TinyExperiment.Write(folder);
        var text = RunPlan.FromFile(path, new RunOverrides()).Describe();
        Assert.StartsWith("Train and test 'tiny': lstm(8) → hbv × 2, dynamic parBETA", text);
        Assert.Contains("camels data at " + TinyExperiment.Sample, text);
        Assert.Contains("1 epoch(s) × 2 minibatch(es) of 2 basins", text);
        Assert.Contains("per epoch", text);
        Assert.Contains("test:     2001-10-01..2002-03-31, weights of epoch last", text);
        Assert.Contains(Path.Combine(folder, "out", "test") + Path.DirectorySeparatorChar, text);
    }
}
