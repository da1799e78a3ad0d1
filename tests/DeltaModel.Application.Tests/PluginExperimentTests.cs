using DeltaModel.Core.Configuration;

namespace DeltaModel.Application.Tests;

/// <summary>
/// The plug-in sample from an experiment file: <c>plugins:</c> names its assembly relative to the file, the model it
/// registers trains and tests through the ordinary runner, and a bad entry is one error naming the file and key.
/// </summary>
public class PluginExperimentTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "deltamodel-plugin-experiment-tests", Guid.NewGuid().ToString("N"));

    public PluginExperimentTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>The sample assembly copied beside the experiment, so the file names it by a relative path.</summary>
    string Experiment(string pluginEntry)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "DeltaModel.Samples.Bucket.dll"), Path.Combine(folder, "DeltaModel.Samples.Bucket.dll"), overwrite: true);
        return TinyExperiment.Write(folder, physics: "leaky_bucket", extra: $"plugins: [{pluginEntry}]");
    }

    static readonly (string, string)[] NoDynamicParameters = [("model.physics.dynamic_parameters", "[]")];

    [Fact]
    public void The_bucket_plugin_trains_and_tests_from_an_experiment_file()
    {
        var path = Experiment("DeltaModel.Samples.Bucket.dll");
        var result = new ExperimentRunner(RunPlan.FromFile(path, new RunOverrides { Settings = NoDynamicParameters })).Run();
        Assert.True(double.IsFinite(result.Training!.Epochs[^1].Loss), "training loss");
        var evaluation = result.Evaluation!;
        Assert.Equal(2, evaluation.Metrics!.Values.Count);                                   // both basins scored
        Assert.Contains("spill", evaluation.Output!.Series.Keys);                            // the plug-in's own output
        // The saved config names the assembly by its full path, so the model folder reloads with the plug-in.
        var saved = ModelFolder.Load(Path.Combine(folder, "out"));
        Assert.Equal([Path.Combine(folder, "DeltaModel.Samples.Bucket.dll")], saved.Plugins);
        Assert.Equal("leaky_bucket", saved.Model.Physics!.Name);
    }

    [Fact]
    public void The_sample_experiment_of_docs_plugins_md_loads_with_the_plugin_the_tests_built()
    {
        var path = Path.Combine(TinyExperiment.RepoRoot, "samples", "DeltaModel.Samples.Bucket", "experiment.yaml");
#if DEBUG
        (string, string)[] built = [("plugins", "[bin/Debug/net10.0/DeltaModel.Samples.Bucket.dll]")];   // the file names the Release build
#else
        (string, string)[] built = [];
#endif
        var plan = RunPlan.FromFile(path, new RunOverrides { Settings = built });
        Assert.Equal("leaky_bucket", plan.Config.Model.Physics!.Name);
        Assert.EndsWith("DeltaModel.Samples.Bucket.dll", Assert.Single(plan.Config.Plugins!));
    }

    [Fact]
    public void A_plugin_entry_that_is_no_file_is_an_error_naming_the_key()
    {
        var path = Experiment("missing/My.Models.dll");
        var e = Assert.Throws<ConfigException>(() => RunPlan.FromFile(path, new RunOverrides { Settings = NoDynamicParameters }));
        Assert.Contains("plugins[0]", e.Message);
        Assert.Contains("My.Models.dll", e.Message);
        Assert.Contains("file not found", e.Message);
        Assert.DoesNotContain("leaky_bucket", e.Message);                                   // not reported as an unknown model too
    }
}
