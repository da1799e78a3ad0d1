using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Normalization;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;
using DeltaModel.Models;

namespace DeltaModel.Application.Tests;

/// <summary>
/// A trained model folder keeps loading after the config records change: the config.resolved.yaml an earlier version
/// wrote is read with that version's meaning, while an experiment file a person writes stays strict.
/// </summary>
public class SavedConfigTests : IDisposable
{
    static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "config.resolved.before-issue-13.yaml");

    readonly string folder = Directory.CreateTempSubdirectory("deltamodel-saved-config-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>A model folder holding <paramref name="config"/> and stand-ins for the files a trained model has.</summary>
    string ModelFolderWith(string config)
    {
        var model = Directory.CreateDirectory(Path.Combine(folder, RunFolder.ModelFolderName)).FullName;
        File.WriteAllText(Path.Combine(folder, RunFolder.ConfigFileName), config);
        File.WriteAllText(Path.Combine(model, NormalizationStatistics.FileName), "{}");
        File.WriteAllText(Path.Combine(model, Checkpoint.ResumeFileName), "weights");
        return folder;
    }

    [Fact]
    public void A_model_folder_saved_by_the_previous_version_loads_with_its_defaults()
    {
        var config = ModelFolder.Load(ModelFolderWith(File.ReadAllText(Fixture)));

        Assert.Equal(new LossConfig { Name = "rmse_comb" }, config.Train.Loss);      // alpha/beta/eps: null meant the default
        Assert.Equal((0.25, 1e-6, 0.1), (config.Train.Loss.Alpha, config.Train.Loss.Beta, config.Train.Loss.Eps));
        Assert.Equal("lstm", config.Model.Nn.Name);
        Assert.Null(config.Model.Nn.Options);                                        // lstm_mlp's keys had no effect on an lstm
        Assert.Equal(8, config.Model.Nn.HiddenSize);
        Assert.Equal(folder, config.OutputDir);
        Assert.Equal("/data/on/another/machine/camels-sample", config.Data.Path);   // what it was trained on, not swapped
    }

    [Fact]
    public void The_same_file_as_an_experiment_file_is_refused_key_by_key()
    {
        var path = Path.Combine(folder, "experiment.yaml");
        File.WriteAllText(path, File.ReadAllText(Fixture));

        var e = Assert.Throws<ConfigException>(() => ExperimentConfig.Load(path, plugins: ModelRegistry.ConfigPlugins));
        Assert.Contains("'train.loss.alpha': expected a number", e.Message);
        Assert.Contains("'model.nn.mlp_layers' applies to name 'lstm_mlp' only", e.Message);
        Assert.Contains("'data.path': folder not found: /data/on/another/machine/camels-sample", e.Message);
    }

    [Fact]
    public void A_saved_config_still_refuses_keys_no_version_wrote()
    {
        var config = File.ReadAllText(Fixture).Replace("  epochs: 1\n", "  epochs: 1\n  epocs: 2\n");

        var e = Assert.Throws<ConfigException>(() => ModelFolder.Load(ModelFolderWith(config)));
        Assert.Contains("unknown key 'train.epocs'", e.Message);
    }

    [Fact]
    public void A_model_whose_data_folder_is_elsewhere_simulates_on_a_dataset_given_to_it()
    {
        var config = ModelFolder.Load(ModelFolderWith(File.ReadAllText(Fixture)));
        var period = new DatePeriod(new DateOnly(2001, 10, 1), new DateOnly(2002, 3, 31));

        var e = Assert.Throws<RunInputException>(() => RunPlan.ForSimulation(config, null, period, null));
        Assert.Equal("DatasetRequired", e.Reason);
        Assert.Contains("the model's data folder /data/on/another/machine/camels-sample is not on this machine", e.Message);

        var path = TinyExperiment.Write(Directory.CreateDirectory(Path.Combine(folder, "experiment")).FullName);
        var dataset = RunPlan.FromFile(path, new RunOverrides()).LoadData();
        var plan = RunPlan.ForSimulation(config, dataset, period: null, networkPrecision: null);
        Assert.False(plan.Data.ReadsFolder);
        Assert.Equal(TinyExperiment.Sample, plan.Config.Data.Path);                  // the dataset's origin names its folder
    }
}
